import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { SubmissionEnvelope, submissionLeafHash } from '../../evidence-chain/canonical/submission-leaf';
import { appendLeaves, NewLeaf } from '../../evidence-chain/log/evidence-appender';
import { bulkInsert, type BulkTable } from '../../platform/database/bulk-insert';
import { RecordKind } from '../schemas/records';

/** A validated record ready to store: identity numbers already hashed, content hash computed. */
export interface PreparedRecord {
  id: string;
  kind: RecordKind;
  firmId: string;
  submissionId: string;
  businessKey: string;
  asOf: string;
  source: 'http' | 'kafka';
  sourceRef: string;
  payload: Record<string, unknown>;
  /** The payload's RFC 8785 text: what contentHash is the hash of, and what is stored. */
  canonical: string;
  contentHash: Buffer;
  document?: { sha256: Buffer; mediaType: string; content: Buffer };
  /** The firm's submission envelope: when present the leaf is H(JCS({ v, stored, submission })). */
  submission?: { envelope: SubmissionEnvelope; salt?: Buffer };
}

export type StoreOutcome =
  | { status: 'accepted'; id: string; version: number }
  | { status: 'duplicate'; id: string; version: number }
  | { status: 'conflict'; id: string; detail: string };

const UNIQUE_VIOLATION = '23505';

/**
 * Stores a batch of records, their documents and evidence leaves in one transaction. Idempotent:
 * a submission stored before is reported as a duplicate (or a conflict when its content differs).
 * Corrections get the next version of their business key.
 */
export async function storeRecords(dataSource: DataSource, records: PreparedRecord[]): Promise<StoreOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction((manager) => storeInTransaction(manager, records));
    } catch (error) {
      // A concurrent writer stored the same submission or version first: the retry sees it. (COPY
      // fails with the driver's own error, not TypeORM's QueryFailedError.)
      const code =
        error instanceof QueryFailedError
          ? (error.driverError as { code?: string }).code
          : (error as { code?: string }).code;
      if (code !== UNIQUE_VIOLATION || attempt >= 3) throw error;
    }
  }
}

async function storeInTransaction(manager: EntityManager, records: PreparedRecord[]): Promise<StoreOutcome[]> {
  const outcomes = new Array<StoreOutcome | undefined>(records.length);
  const submissionKey = (r: { kind: string; firmId: string; submissionId: string }) =>
    `${r.kind}|${r.firmId}|${r.submissionId}`;

  const existing = new Map<string, { id: string; version: number; contentHash: Buffer }>();
  const found: Array<{
    kind: string;
    firm_id: string;
    submission_id: string;
    id: string;
    version: number;
    content_hash: Buffer;
  }> = await manager.query(
    `SELECT r.kind, r.firm_id, r.submission_id, r.id, r.version, r.content_hash
       FROM ingest_records r
       JOIN unnest($1::text[], $2::uuid[], $3::text[]) AS k(kind, firm_id, submission_id)
         ON r.kind = k.kind AND r.firm_id = k.firm_id AND r.submission_id = k.submission_id`,
    [records.map((r) => r.kind), records.map((r) => r.firmId), records.map((r) => r.submissionId)],
  );
  for (const row of found)
    existing.set(submissionKey({ kind: row.kind, firmId: row.firm_id, submissionId: row.submission_id }), {
      id: row.id,
      version: row.version,
      contentHash: row.content_hash,
    });

  // New submissions, once each (a batch may carry the same submission twice).
  const fresh: PreparedRecord[] = [];
  const firstInBatch = new Map<string, PreparedRecord>();
  const repeatsInBatch: Array<[index: number, first: PreparedRecord]> = [];
  records.forEach((record, i) => {
    const key = submissionKey(record);
    const stored = existing.get(key);
    const first = firstInBatch.get(key);
    if (stored ?? first) {
      const same = Buffer.compare((stored ?? first)!.contentHash, record.contentHash) === 0;
      if (!same)
        outcomes[i] = {
          status: 'conflict',
          id: (stored ?? first)!.id,
          detail: `submission ${record.submissionId} was already stored with different content; send a correction under a new id`,
        };
      else if (stored) outcomes[i] = { status: 'duplicate', id: stored.id, version: stored.version };
      else repeatsInBatch.push([i, first!]);
      return;
    }
    firstInBatch.set(key, record);
    fresh.push(record);
  });

  if (fresh.length > 0) {
    const versionById = await nextVersions(manager, fresh);
    await bulkInsert(
      manager,
      RECORDS,
      fresh.map((r) => [
        r.id,
        r.kind,
        r.firmId,
        r.submissionId,
        r.businessKey,
        versionById.get(r.id)!,
        r.asOf,
        r.source,
        r.sourceRef,
        { json: r.canonical },
        r.contentHash,
      ]),
    );
    await storeSubmissions(manager, fresh);
    const leaves: NewLeaf[] = fresh.map((r) => ({
      kind: r.kind,
      recordId: r.id,
      contentHash: r.submission ? submissionLeafHash(r.contentHash, r.submission.envelope, nodeSha256) : r.contentHash,
      firmId: r.firmId,
    }));
    leaves.push(...(await storeDocuments(manager, fresh)));
    await appendLeaves(manager, leaves);
    for (const [i, first] of repeatsInBatch)
      outcomes[i] = { status: 'duplicate', id: first.id, version: versionById.get(first.id)! };
    records.forEach((record, i) => {
      if (!outcomes[i]) outcomes[i] = { status: 'accepted', id: record.id, version: versionById.get(record.id)! };
    });
  }
  return outcomes as StoreOutcome[];
}

// The payload is stored once, as jsonb parsed from its canonical text (what contentHash is the hash of).
const RECORDS: BulkTable = {
  name: 'ingest_records',
  columns: [
    { name: 'id', type: 'uuid' },
    { name: 'kind', type: 'text' },
    { name: 'firm_id', type: 'uuid' },
    { name: 'submission_id', type: 'text' },
    { name: 'business_key', type: 'text' },
    { name: 'version', type: 'integer' },
    { name: 'as_of', type: 'date' },
    { name: 'source', type: 'text' },
    { name: 'source_ref', type: 'text' },
    { name: 'payload', type: 'jsonb' },
    { name: 'content_hash', type: 'bytea' },
  ],
};

/**
 * Each new record's version: one after the latest stored of its business key, then in batch
 * order. Two writers racing for the same version meet the unique index, and the retry reads again.
 */
async function nextVersions(manager: EntityManager, fresh: PreparedRecord[]): Promise<Map<string, number>> {
  const businessKey = (kind: string, firmId: string, key: string) => `${kind}|${firmId}|${key}`;
  const latest: Array<{ kind: string; firm_id: string; business_key: string; version: number }> = await manager.query(
    `SELECT r.kind, r.firm_id, r.business_key, max(r.version) AS version
       FROM ingest_records r
       JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::uuid[], $3::text[]) AS u(kind, firm_id, business_key)) k
         ON r.kind = k.kind AND r.firm_id = k.firm_id AND r.business_key = k.business_key
      GROUP BY r.kind, r.firm_id, r.business_key`,
    [fresh.map((r) => r.kind), fresh.map((r) => r.firmId), fresh.map((r) => r.businessKey)],
  );
  const last = new Map(
    latest.map((row) => [businessKey(row.kind, row.firm_id, row.business_key), Number(row.version)]),
  );
  const versions = new Map<string, number>();
  for (const r of fresh) {
    const key = businessKey(r.kind, r.firmId, r.businessKey);
    const version = (last.get(key) ?? 0) + 1;
    last.set(key, version);
    versions.set(r.id, version);
  }
  return versions;
}

/** Stores documents not seen before; each new document is evidence of its own (raw-bytes hash). */
async function storeDocuments(manager: EntityManager, records: PreparedRecord[]): Promise<NewLeaf[]> {
  const documents = new Map<string, NonNullable<PreparedRecord['document']> & { firmId: string }>();
  for (const r of records)
    if (r.document) documents.set(r.document.sha256.toString('hex'), { ...r.document, firmId: r.firmId });
  if (documents.size === 0) return [];
  const rows: Array<{ sha256: Buffer }> = await manager.query(
    `INSERT INTO ingest_documents (sha256, media_type, size_bytes, content)
     SELECT * FROM unnest($1::bytea[], $2::text[], $3::int[], $4::bytea[])
     ON CONFLICT (sha256) DO NOTHING
     RETURNING sha256`,
    [
      [...documents.values()].map((d) => d.sha256),
      [...documents.values()].map((d) => d.mediaType),
      [...documents.values()].map((d) => d.content.length),
      [...documents.values()].map((d) => d.content),
    ],
  );
  return rows.map((row) => {
    const hex = row.sha256.toString('hex');
    return { kind: 'document', recordId: hex, contentHash: row.sha256, firmId: documents.get(hex)!.firmId };
  });
}

/** Each new record's submission envelope, beside it and as append-only as it. */
async function storeSubmissions(manager: EntityManager, records: PreparedRecord[]): Promise<void> {
  const sealed = records.filter((r) => r.submission);
  if (sealed.length === 0) return;
  await bulkInsert(
    manager,
    SUBMISSIONS,
    sealed.map((r) => [r.id, { json: JSON.stringify(r.submission!.envelope) }, r.submission!.salt ?? null]),
  );
}

const SUBMISSIONS: BulkTable = {
  name: 'ingest_record_submissions',
  columns: [
    { name: 'record_id', type: 'uuid' },
    { name: 'envelope', type: 'jsonb' },
    { name: 'salt', type: 'bytea' },
  ],
};
