import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../../evidence-chain/canonical/canonical-json';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { publicKeyProblem, SigningAlgorithm } from '../../evidence-chain/canonical/signature-algorithms';
import { appendLeaves } from '../../evidence-chain/log/evidence-appender';
import { NotFound, ValidationFailed } from '../../platform/errors/domain-error';
import { SigningKeyConflict } from './signing.errors';

/** A firm's registered public key (签名公钥) as the bureau and the firm see it. */
export interface SigningKeyView {
  keyId: string;
  algorithm: SigningAlgorithm;
  /** hex: Ed25519 32 bytes, SM2 04 || x || y */
  publicKey: string;
  label: string;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface NewSigningKey {
  keyId?: string;
  algorithm: SigningAlgorithm;
  publicKey: Uint8Array;
  label?: string;
  validFrom?: Date;
  validUntil?: Date;
}

const VIEW = `id AS "keyId", algorithm, encode(public_key, 'hex') AS "publicKey", label, valid_from AS "validFrom", valid_until AS "validUntil", revoked_at AS "revokedAt", created_at AS "createdAt"`;

/**
 * Firms' signing keys and the "signatures required" policy. A key is never deleted or changed
 * but for its revocation time, so signatures made inside its window stay verifiable; every
 * registration and revocation is an event row and an evidence leaf of kind `signing_key`.
 */
@Injectable()
export class SigningKeysService {
  constructor(private readonly dataSource: DataSource) {}

  async register(firmId: string, key: NewSigningKey): Promise<SigningKeyView> {
    const problem = publicKeyProblem(key.algorithm, key.publicKey);
    if (problem) throw new ValidationFailed(problem, [{ pointer: '/publicKey', detail: problem }]);
    const keyId = key.keyId ?? `fk_${randomBytes(12).toString('base64url')}`;
    const validFrom = key.validFrom ?? new Date();
    if (key.validUntil && key.validUntil <= validFrom)
      throw new ValidationFailed('validUntil must be after validFrom', [
        { pointer: '/validUntil', detail: 'must be after validFrom' },
      ]);
    return this.dataSource.transaction(async (manager) => {
      const [taken] = await manager.query(`SELECT 1 FROM firm_signing_keys WHERE id = $1`, [keyId]);
      if (taken) throw new SigningKeyConflict(`a signing key with id ${keyId} is already registered`);
      const [view]: SigningKeyView[] = await manager.query(
        `INSERT INTO firm_signing_keys (id, firm_id, algorithm, public_key, label, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VIEW}`,
        [keyId, firmId, key.algorithm, Buffer.from(key.publicKey), key.label ?? '', validFrom, key.validUntil ?? null],
      );
      await this.logEvent(manager, firmId, 'registered', view);
      return json(view);
    });
  }

  /** Revokes from `at` (default now): signatures dated before it remain the firm's. */
  async revoke(firmId: string, keyId: string, at = new Date()): Promise<SigningKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const [[view]]: [SigningKeyView[]] = await manager.query(
        `UPDATE firm_signing_keys SET revoked_at = $3 WHERE id = $1 AND firm_id = $2 AND revoked_at IS NULL RETURNING ${VIEW}`,
        [keyId, firmId, at],
      );
      if (!view) throw new NotFound(`the firm has no unrevoked signing key ${keyId}`);
      await this.logEvent(manager, firmId, 'revoked', view);
      return json(view);
    });
  }

  async list(firmId: string): Promise<SigningKeyView[]> {
    const rows: SigningKeyView[] = await this.dataSource.query(
      `SELECT ${VIEW} FROM firm_signing_keys WHERE firm_id = $1 ORDER BY created_at, id`,
      [firmId],
    );
    return rows.map(json);
  }

  /** The key a signature names, whichever firm it belongs to (the caller compares). */
  async find(keyId: string): Promise<(SigningKeyView & { firmId: string }) | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${VIEW}, firm_id AS "firmId" FROM firm_signing_keys WHERE id = $1`,
      [keyId],
    );
    return row ? { ...json(row), firmId: row.firmId } : undefined;
  }

  /** Of these firms, the ones whose policy requires signatures: one query for a whole intake batch. */
  async requiringSignatures(firmIds: Iterable<string>): Promise<Set<string>> {
    const wanted = [...new Set(firmIds)];
    if (wanted.length === 0) return new Set();
    const rows: Array<{ firm_id: string }> = await this.dataSource.query(
      `SELECT firm_id FROM firm_signature_policies WHERE firm_id = ANY($1::uuid[]) AND required`,
      [wanted],
    );
    return new Set(rows.map((row) => row.firm_id));
  }

  async signaturesRequired(firmId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT required FROM firm_signature_policies WHERE firm_id = $1`, [
      firmId,
    ]);
    return row?.required === true;
  }

  async setPolicy(firmId: string, required: boolean): Promise<{ signaturesRequired: boolean }> {
    await this.dataSource.query(
      `INSERT INTO firm_signature_policies (firm_id, required) VALUES ($1, $2)
       ON CONFLICT (firm_id) DO UPDATE SET required = EXCLUDED.required, updated_at = now()`,
      [firmId, required],
    );
    return { signaturesRequired: required };
  }

  private async logEvent(
    manager: EntityManager,
    firmId: string,
    type: 'registered' | 'revoked',
    view: SigningKeyView,
  ): Promise<void> {
    const event = { type, firmId, ...json(view) };
    const [{ id }] = await manager.query(
      `INSERT INTO firm_signing_key_events (key_id, firm_id, event) VALUES ($1, $2, $3::jsonb) RETURNING id::text`,
      [view.keyId, firmId, canonicalJson(event)],
    );
    await appendLeaves(manager, [
      { kind: 'signing_key', recordId: id, contentHash: nodeSha256(Buffer.from(canonicalJson(event))), firmId },
    ]);
  }
}

/** Timestamps as ISO strings, so the event's JCS form is the same when read back from jsonb. */
function json(view: SigningKeyView): SigningKeyView {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  return {
    ...view,
    validFrom: iso(view.validFrom)!,
    validUntil: iso(view.validUntil),
    revokedAt: iso(view.revokedAt),
    createdAt: iso(view.createdAt)!,
  };
}
