import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../evidence-chain/canonical/canonical-json';
import { fromHex } from '../../evidence-chain/canonical/byte-encoding';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { appendLeaves } from '../../evidence-chain/log/evidence-appender';
import {
  cosignedBy,
  NoteError,
  parseCheckpointBody,
  parseSignatureLine,
  splitNote,
  verifyCosignature,
} from '../../evidence-chain/witness/cosignature';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { SignatureRefused } from '../signing/signing.errors';
import { UnknownCheckpoint } from './witness.errors';

/** A firm's cosignature (见证签名) on a checkpoint, as the firm and its receipts show it. */
export interface CosignatureView {
  id: string;
  firm: string; // credit code
  keyId: string;
  origin: string;
  treeSize: number;
  rootHash: string;
  cosignedAt: string;
  /** the C2SP cosignature line, to append to the checkpoint note */
  cosignature: string;
}

/** A checkpoint the firm's witness refused to cosign (拒签), and why. */
export interface RefusalView {
  id: string;
  origin: string;
  treeSize: number;
  rootHash: string;
  firstBadSize: number;
  reason: string;
  reportedAt: string;
}

/** A push the firm signed (签名报送), as its portal lists it; the receipt has the signature itself. */
export interface SignedSubmissionView {
  kind: string;
  recordId: string;
  receivedAt: string;
  keyId: string;
  algorithm: string;
  /** H(salt || bytes sent), hex */
  commitment: string;
}

/** Who submits: a firm by its API key, or anyone holding a registered firm signing key (firmId absent). */
export interface Submitter {
  firmId?: string;
}

// A cosignature from further than this in the future is refused (clocks drift; a minute is plenty).
const FUTURE_SLACK_SECONDS = 300;
const COSIGNATURE_VIEW = `c.id::text AS id, f.credit_code AS firm, c.key_id AS "keyId", c.origin, c.tree_size::int AS "treeSize", encode(c.root_hash, 'hex') AS "rootHash", c.cosigned_at AS "cosignedAt", c.event->>'cosignature' AS cosignature`;

/**
 * Firms witness the log: a cosignature is checked against the firm's registered Ed25519 keys
 * (valid and unrevoked at its timestamp) and against a checkpoint this log signed, then stored
 * with its evidence leaf (kind `cosignature`). A witness's refusal is stored the same way
 * (kind `witness_refusal`): a firm's "the log was rewritten" cannot be quietly dropped.
 */
@Injectable()
export class FirmWitnessService {
  constructor(private readonly dataSource: DataSource) {}

  async cosign(submitter: Submitter, note: string, line: string, now = new Date()): Promise<CosignatureView> {
    const body = bodyOf(note);
    const checkpoint = guard(() => parseCheckpointBody(body), '/checkpoint');
    const signature = guard(() => parseSignatureLine(line.endsWith('\n') ? line : `${line}\n`), '/cosignature');
    const [signed] = await this.dataSource.query(
      `SELECT body FROM evidence_checkpoints WHERE tree_size = $1 AND root_hash = $2`,
      [checkpoint.treeSize, fromHex(checkpoint.rootHash)],
    );
    if (
      !signed ||
      (JSON.parse(signed.body) as { checkpoint: { origin: string } }).checkpoint.origin !== checkpoint.origin
    ) {
      throw new UnknownCheckpoint(
        `this log signed no checkpoint ${checkpoint.origin} at size ${checkpoint.treeSize} with root ${checkpoint.rootHash}`,
      );
    }

    const keys: Array<{
      id: string;
      firm_id: string;
      public_key: Buffer;
      valid_from: Date;
      valid_until: Date | null;
      revoked_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT id, firm_id, public_key, valid_from, valid_until, revoked_at FROM firm_signing_keys WHERE algorithm = 'ed25519' AND ($1::uuid IS NULL OR firm_id = $1::uuid)`,
      [submitter.firmId ?? null],
    );
    const key = keys.find((k) => cosignedBy(signature, k.public_key));
    if (!key)
      throw new SignatureRefused(
        'unknown_key',
        `no Ed25519 signing key registered${submitter.firmId ? ' for this firm' : ''} matches the cosigner name ${signature.name} and key hash`,
      );
    const cosig = guard(() => verifyCosignature(body, line, key.public_key), '/cosignature');
    const at = new Date(cosig.timestamp * 1000);
    if (cosig.timestamp > now.getTime() / 1000 + FUTURE_SLACK_SECONDS)
      throw new ValidationFailed('the cosignature is dated in the future', [
        { pointer: '/cosignature', detail: `timestamp ${cosig.timestamp} is after now` },
      ]);
    if (at < key.valid_from || (key.valid_until && at >= key.valid_until))
      throw new SignatureRefused(
        'key_expired',
        `key ${key.id} was not valid at the cosignature's time ${at.toISOString()}`,
      );
    if (key.revoked_at && key.revoked_at <= at)
      throw new SignatureRefused(
        'key_revoked',
        `key ${key.id} was revoked at ${key.revoked_at.toISOString()}, before the cosignature's time`,
      );

    const event = {
      type: 'cosignature',
      firmId: key.firm_id,
      keyId: key.id,
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      timestamp: cosig.timestamp,
      cosignature: cosig.line,
    };
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO firm_cosignatures (firm_id, key_id, origin, tree_size, root_hash, cosigned_at, event) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (key_id, origin, tree_size) DO NOTHING RETURNING id::text`,
        [
          key.firm_id,
          key.id,
          checkpoint.origin,
          checkpoint.treeSize,
          fromHex(checkpoint.rootHash),
          at,
          canonicalJson(event),
        ],
      );
      // The same key cosigning the same checkpoint again is the same statement: answer with the first.
      if (row) await appendEvent(manager, 'cosignature', row.id, event, key.firm_id);
      const [view] = await manager.query(
        `SELECT ${COSIGNATURE_VIEW} FROM firm_cosignatures c JOIN firms f ON f.id = c.firm_id WHERE c.key_id = $1 AND c.origin = $2 AND c.tree_size = $3`,
        [key.id, checkpoint.origin, checkpoint.treeSize],
      );
      return cosignatureView(view);
    });
  }

  async refuse(firmId: string, note: string, firstBadSize: number, reason: string): Promise<RefusalView> {
    const checkpoint = guard(() => parseCheckpointBody(bodyOf(note)), '/checkpoint');
    if (typeof reason !== 'string' || reason.length === 0 || reason.length > 4000)
      throw new ValidationFailed('reason must say why', [{ pointer: '/reason', detail: '1 to 4000 characters' }]);
    if (!Number.isSafeInteger(firstBadSize) || firstBadSize < 0)
      throw new ValidationFailed('firstBadSize must be a tree size', [
        { pointer: '/firstBadSize', detail: 'a non-negative integer' },
      ]);
    const event = {
      type: 'witness_refusal',
      firmId,
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      firstBadSize,
      reason,
      checkpoint: note,
    };
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO witness_refusals (firm_id, origin, tree_size, first_bad_size, event) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id::text, created_at`,
        [firmId, checkpoint.origin, checkpoint.treeSize, firstBadSize, canonicalJson(event)],
      );
      await appendEvent(manager, 'witness_refusal', row.id, event, firmId);
      return {
        id: row.id,
        origin: checkpoint.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        firstBadSize,
        reason,
        reportedAt: new Date(row.created_at).toISOString(),
      };
    });
  }

  async cosignatures(firmId: string, limit = 100): Promise<CosignatureView[]> {
    const rows = await this.dataSource.query(
      `SELECT ${COSIGNATURE_VIEW} FROM firm_cosignatures c JOIN firms f ON f.id = c.firm_id WHERE c.firm_id = $1 ORDER BY c.tree_size DESC, c.id DESC LIMIT $2`,
      [firmId, limit],
    );
    return rows.map(cosignatureView);
  }

  /** The firm's pushes that carried its signature, newest first: what it signed, with which key, when. */
  async signedSubmissions(firmId: string, limit = 100): Promise<SignedSubmissionView[]> {
    const rows: Array<SignedSubmissionView & { receivedAt: Date }> = await this.dataSource.query(
      `SELECT r.kind, r.id::text AS "recordId", r.received_at AS "receivedAt", s.envelope->'signature'->>'keyId' AS "keyId",
              s.envelope->'signature'->>'algorithm' AS algorithm, s.envelope->>'commitment' AS commitment
         FROM ingest_records r JOIN ingest_record_submissions s ON s.record_id = r.id
        WHERE r.firm_id = $1 AND s.envelope ? 'signature' ORDER BY r.received_at DESC, r.id LIMIT $2`,
      [firmId, limit],
    );
    return rows.map((r) => ({ ...r, receivedAt: new Date(r.receivedAt).toISOString() }));
  }

  async refusals(firmId: string, limit = 100): Promise<RefusalView[]> {
    const rows: Array<{
      id: string;
      event: { origin: string; treeSize: number; rootHash: string; firstBadSize: number; reason: string };
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT id::text, event, created_at FROM witness_refusals WHERE firm_id = $1 ORDER BY id DESC LIMIT $2`,
      [firmId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      origin: r.event.origin,
      treeSize: r.event.treeSize,
      rootHash: r.event.rootHash,
      firstBadSize: r.event.firstBadSize,
      reason: r.event.reason,
      reportedAt: new Date(r.created_at).toISOString(),
    }));
  }
}

/** The body of a checkpoint note (its signatures dropped); a bare body is taken as it is. */
function bodyOf(note: string): string {
  if (typeof note !== 'string' || note.length > 64 * 1024)
    throw new ValidationFailed('checkpoint must be the checkpoint note text', [
      { pointer: '/checkpoint', detail: 'a C2SP checkpoint note' },
    ]);
  return guard(() => (note.includes('\n\n') ? splitNote(note).body : note), '/checkpoint');
}

function guard<T>(parse: () => T, pointer: string): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    if (error.reason === 'bad_signature') throw new SignatureRefused('bad_signature', error.message);
    throw new ValidationFailed(error.message, [{ pointer, detail: error.message }]);
  }
}

async function appendEvent(
  manager: EntityManager,
  kind: 'cosignature' | 'witness_refusal',
  id: string,
  event: object,
  firmId: string,
): Promise<void> {
  await appendLeaves(manager, [
    { kind, recordId: id, contentHash: nodeSha256(Buffer.from(canonicalJson(event))), firmId },
  ]);
}

function cosignatureView(row: CosignatureView & { cosignedAt: Date | string }): CosignatureView {
  return { ...row, cosignedAt: new Date(row.cosignedAt).toISOString() };
}
