import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../../evidence-chain/canonical/canonical-json';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { SubmissionEnvelope } from '../../evidence-chain/canonical/submission-leaf';
import { FirmEntity } from '../../firms/firm.entity';
import { FirmsService } from '../../firms/firms.service';
import { MetricsService } from '../../platform/metrics/metrics.service';
import { timeOrderedUuid } from '../../platform/uuid';
import { RecordKind, RecordsByKind } from '../schemas/records';
import { validateRecord } from '../schemas/validate-record';
import { IDENTITY_HASHER } from '../ingest.tokens';
import { kindMismatch } from './firm-kind-rules';
import { IdentityHasher } from './identity-hasher';
import { IntakeResult, rejection } from './intake-result';
import { recordIdentity } from './record-identity';
import { SigningKeysService } from '../signing/signing-keys.service';
import { PreparedRecord, storeRecords } from './record-store';

export interface IntakeItem {
  kind: RecordKind;
  /** The parsed JSON value as received (not yet validated). */
  value: unknown;
  /** Where it came from: topic/partition/offset, or the HTTP request id and item index. */
  sourceRef: string;
  /** The firm's commitment to (and signature over) the bytes it sent, for the evidence leaf. */
  submission?: SubmissionEnvelope;
  /** Opens the commitment; kept so the submitter's receipts can return it. */
  salt?: Buffer;
  /** Kafka: the firm whose key signed the message (checked against the firm the record names). */
  signedByFirm?: string;
}

export interface IntakeScope {
  source: 'http' | 'kafka';
  /** Set when a firm pushes with its API key: every record must be its own. */
  firmId?: string;
}

/**
 * The one path every record takes, from Kafka or HTTP: validate, resolve the firm, protect
 * identity numbers, hash, and store with its evidence leaf - the batch in one transaction.
 */
@Injectable()
export class RecordIntakeService {
  private readonly counted;

  constructor(
    private readonly dataSource: DataSource,
    private readonly firms: FirmsService,
    @Inject(IDENTITY_HASHER) private readonly hasher: IdentityHasher,
    metrics: MetricsService,
    private readonly signingKeys: SigningKeysService,
  ) {
    this.counted = metrics.counter('ingest_records_total', 'Records received, by kind, source and outcome', [
      'kind',
      'source',
      'outcome',
    ]);
  }

  async accept(items: IntakeItem[], scope: IntakeScope): Promise<IntakeResult[]> {
    const results = new Array<IntakeResult>(items.length);
    const valid: Array<{ index: number; kind: RecordKind; record: RecordsByKind[RecordKind] }> = [];
    items.forEach((item, index) => {
      const outcome = validateRecord(item.kind, item.value);
      if (outcome.ok) valid.push({ index, kind: item.kind, record: outcome.record });
      else results[index] = rejection(index, item.kind, 'invalid', `the ${item.kind} is invalid`, outcome.problems);
    });

    const identities = valid.map((v) => recordIdentity(v.kind, v.record));
    const firms = await this.firms.lookup(identities.flatMap((id) => (id.firmCreditCode ? [id.firmCreditCode] : [])));
    const named = valid.map((_, i) => {
      const code = identities[i].firmCreditCode;
      return code ? firms.get(code) : undefined;
    });
    await this.attributeNews(valid, identities, named);
    // The signature policies of the batch's firms, in one query (not one per record).
    const mustSign = await this.signingKeys.requiringSignatures(
      scope.source === 'kafka' ? named.flatMap((firm) => (firm ? [firm.id] : [])) : [],
    );
    const prepared: Array<{ index: number; record: PreparedRecord }> = [];
    for (const [i, { index, kind, record }] of valid.entries()) {
      const identity = identities[i];
      const firm = named[i];
      if (!firm) {
        results[index] = rejection(
          index,
          kind,
          'unknown_firm',
          identity.firmCreditCode
            ? `no supervised firm has credit code ${identity.firmCreditCode}`
            : 'the item names no supervised firm',
          [
            {
              pointer: '/firmCreditCode',
              detail: identity.firmCreditCode
                ? 'is not registered with the bureau'
                : 'is missing and no firm name appears in the title or text',
            },
          ],
        );
        continue;
      }
      if (scope.firmId && firm.id !== scope.firmId) {
        results[index] = rejection(index, kind, 'wrong_firm', 'a firm may only push its own records', [
          { pointer: '/firmCreditCode', detail: 'belongs to another firm than the API key' },
        ]);
        continue;
      }
      const unsigned = signatureProblem(items[index], firm.id, scope, mustSign);
      if (unsigned) {
        results[index] = rejection(index, kind, unsigned.reason, unsigned.detail);
        continue;
      }
      const mismatch = kindMismatch(kind, firm.kind);
      if (mismatch) {
        results[index] = rejection(index, kind, 'wrong_kind', mismatch);
        continue;
      }
      prepared.push({ index, record: this.prepare(kind, record, firm, identity, scope, items[index]) });
    }

    await this.rejectMissingDocuments(prepared, results);
    const storable = prepared.filter((p) => !results[p.index]);
    const outcomes = storable.length
      ? await storeRecords(
          this.dataSource,
          storable.map((p) => p.record),
        )
      : [];
    storable.forEach(({ index, record }, i) => {
      const outcome = outcomes[i];
      results[index] =
        outcome.status === 'conflict'
          ? rejection(index, record.kind, 'conflict', outcome.detail)
          : { index, status: outcome.status, kind: record.kind, id: outcome.id, version: outcome.version };
    });
    for (const result of results) this.counted.inc({ kind: result.kind, source: scope.source, outcome: result.status });
    return results;
  }

  private prepare(
    kind: RecordKind,
    record: RecordsByKind[RecordKind],
    firm: FirmEntity,
    identity: ReturnType<typeof recordIdentity>,
    scope: IntakeScope,
    item: IntakeItem,
  ): PreparedRecord {
    let document: PreparedRecord['document'];
    let value = record as unknown as Record<string, unknown>;
    if (kind === 'contract') {
      // The document's bytes are kept off the record (and off the chain), addressed by their hash.
      const { documentBase64, ...rest } = record as RecordsByKind['contract'];
      if (documentBase64)
        document = {
          sha256: Buffer.from(rest.documentSha256, 'hex'),
          mediaType: rest.documentMediaType,
          content: Buffer.from(documentBase64, 'base64'),
        };
      value = rest as unknown as Record<string, unknown>;
    }
    const payload = this.hasher.protect(value);
    const canonical = canonicalJson(payload);
    return {
      id: timeOrderedUuid(), // appended at the right edge of the primary-key index
      kind,
      firmId: firm.id,
      submissionId: identity.submissionId,
      businessKey: identity.businessKey,
      asOf: identity.asOf,
      source: scope.source,
      sourceRef: item.sourceRef,
      payload,
      canonical,
      contentHash: nodeSha256(Buffer.from(canonical, 'utf8')) as Buffer,
      document,
      submission: item.submission && { envelope: item.submission, salt: item.salt },
    };
  }

  /** Items without a credit code (news) go to the one firm their title or text names, in one look-up per batch. */
  private async attributeNews(
    valid: Array<{ record: RecordsByKind[RecordKind] }>,
    identities: Array<ReturnType<typeof recordIdentity>>,
    named: Array<FirmEntity | undefined>,
  ): Promise<void> {
    const unnamed = valid.flatMap(({ record }, i) => {
      const item = record as RecordsByKind['sentiment_item'];
      return !identities[i].firmCreditCode && typeof item.title === 'string' ? [i] : [];
    });
    const texts = unnamed.map((i) => {
      const item = valid[i].record as RecordsByKind['sentiment_item'];
      return `${item.title}\n${item.text}`;
    });
    const mentioned = await this.firms.mentionedIn(texts);
    unnamed.forEach((i, k) => {
      if (mentioned[k].length === 1) named[i] = mentioned[k][0]; // ambiguous news is not attributed
    });
  }

  /** A contract without its bytes must name a document uploaded before. */
  private async rejectMissingDocuments(
    prepared: Array<{ index: number; record: PreparedRecord }>,
    results: IntakeResult[],
  ): Promise<void> {
    const withBytes = new Set(
      prepared.flatMap((p) => (p.record.document ? [p.record.document.sha256.toString('hex')] : [])),
    );
    const needed = prepared.filter(
      (p) =>
        p.record.kind === 'contract' && !p.record.document && !withBytes.has(String(p.record.payload.documentSha256)),
    );
    if (needed.length === 0) return;
    const rows: Array<{ sha256: Buffer }> = await this.dataSource.query(
      `SELECT sha256 FROM ingest_documents WHERE sha256 = ANY($1::bytea[])`,
      [needed.map((p) => Buffer.from(String(p.record.payload.documentSha256), 'hex'))],
    );
    const known = new Set(rows.map((r) => r.sha256.toString('hex')));
    for (const { index, record } of needed) {
      if (!known.has(String(record.payload.documentSha256))) {
        results[index] = rejection(
          index,
          'contract',
          'missing_document',
          'the contract names a document that was never uploaded',
          [
            {
              pointer: '/documentBase64',
              detail: 'is required: no document with this documentSha256 has been received',
            },
          ],
        );
      }
    }
  }
}

/**
 * Kafka messages are sealed before the record names its firm: here a signature must be by the
 * named firm's key, and a firm whose signatures are required (`mustSign`, read once per batch)
 * must have signed. (HTTP pushes are checked at the door, where the API key names the firm.)
 */
function signatureProblem(
  item: IntakeItem,
  firmId: string,
  scope: IntakeScope,
  mustSign: ReadonlySet<string>,
): { reason: 'signature_missing' | 'unknown_key'; detail: string } | undefined {
  if (scope.source !== 'kafka' || !item.submission) return undefined;
  if (item.submission.signature)
    return item.signedByFirm === firmId
      ? undefined
      : {
          reason: 'unknown_key',
          detail: `signing key '${item.submission.signature.keyId}' is not registered for the firm the record names`,
        };
  if (mustSign.has(firmId))
    return {
      reason: 'signature_missing',
      detail: 'this firm must sign its messages: signature-input and signature headers (RFC 9421) are required',
    };
  return undefined;
}
