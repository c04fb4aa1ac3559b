import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { SubmissionEnvelope, submissionLeafHash } from '../../evidence-chain/canonical/submission-leaf';
import { appendLeaves, NewLeaf } from '../../evidence-chain/log/evidence-appender';
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
      // A concurrent writer stored the same submission or version first: the retry sees it.
      const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
      if (code !== UNIQUE_VIOLATION || attempt >= 3) throw error;
    }
  }
}

async function storeInTransaction(manager: EntityManager, records: PreparedRecord[]): Promise<StoreOutcome[]> {
  const outcomes = new Array<StoreOutcome | undefined>(records.length);
  const submissionKey = (r: { kind: string; firmId: string; submissionId: string }) => `${r.kind}|${r.firmId}|${r.submissionId}`;

  const existing = new Map<string, { id: string; version: number; contentHash: Buffer }>();
  const found: Array<{ kind: string; firm_id: string; submission_id: string; id: string; version: number; content_hash: Buffer }> = await manager.query(
    `SELECT r.kind, r.firm_id, r.submission_id, r.id, r.version, r.content_hash
       FROM ingest_records r
       JOIN jsonb_to_recordset($1::jsonb) AS k(kind text, firm_id uuid, submission_id text)
         ON r.kind = k.kind AND r.firm_id = k.firm_id AND r.submission_id = k.submission_id`,
    [JSON.stringify(records.map((r) => ({ kind: r.kind, firm_id: r.firmId, submission_id: r.submissionId })))],
  );
  for (const row of found) existing.set(submissionKey({ kind: row.kind, firmId: row.firm_id, submissionId: row.submission_id }), { id: row.id, version: row.version, contentHash: row.content_hash });

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
      if (!same) outcomes[i] = { status: 'conflict', id: (stored ?? first)!.id, detail: `submission ${record.submissionId} was already stored with different content; send a correction under a new id` };
      else if (stored) outcomes[i] = { status: 'duplicate', id: stored.id, version: stored.version };
      else repeatsInBatch.push([i, first!]);
      return;
    }
    firstInBatch.set(key, record);
    fresh.push(record);
  });

  if (fresh.length > 0) {
    const inserted: Array<{ id: string; version: number }> = await manager.query(
      `WITH batch AS (
         SELECT b.* FROM jsonb_to_recordset($1::jsonb)
           AS b(id uuid, kind text, firm_id uuid, submission_id text, business_key text, as_of date,
                source text, source_ref text, payload jsonb, content_hash text, ord bigint)
       ), latest AS (
         SELECT r.kind, r.firm_id, r.business_key, max(r.version) AS version
           FROM ingest_records r
           JOIN (SELECT DISTINCT kind, firm_id, business_key FROM batch) k
             ON r.kind = k.kind AND r.firm_id = k.firm_id AND r.business_key = k.business_key
          GROUP BY r.kind, r.firm_id, r.business_key
       )
       INSERT INTO ingest_records (id, kind, firm_id, submission_id, business_key, version, as_of, source, source_ref, payload, content_hash)
       SELECT b.id, b.kind, b.firm_id, b.submission_id, b.business_key,
              coalesce(l.version, 0) + row_number() OVER (PARTITION BY b.kind, b.firm_id, b.business_key ORDER BY b.ord),
              b.as_of, b.source, b.source_ref, b.payload, decode(b.content_hash, 'hex')
         FROM batch b
         LEFT JOIN latest l ON l.kind = b.kind AND l.firm_id = b.firm_id AND l.business_key = b.business_key
       RETURNING id, version`,
      [batchJson(fresh)],
    );
    const versionById = new Map(inserted.map((row) => [row.id, row.version]));
    await storeSubmissions(manager, fresh);
    const leaves: NewLeaf[] = fresh.map((r) => ({ kind: r.kind, recordId: r.id, contentHash: r.submission ? submissionLeafHash(r.contentHash, r.submission.envelope, nodeSha256) : r.contentHash, firmId: r.firmId }));
    leaves.push(...(await storeDocuments(manager, fresh)));
    await appendLeaves(manager, leaves);
    for (const [i, first] of repeatsInBatch) outcomes[i] = { status: 'duplicate', id: first.id, version: versionById.get(first.id)! };
    records.forEach((record, i) => {
      if (!outcomes[i]) outcomes[i] = { status: 'accepted', id: record.id, version: versionById.get(record.id)! };
    });
  }
  return outcomes as StoreOutcome[];
}

/**
 * The batch as one JSON array for jsonb_to_recordset. Each payload's canonical text is spliced in
 * as it is rather than serialised a second time.
 */
function batchJson(records: PreparedRecord[]): string {
  const rows = records.map((r, ord) => {
    const fields = JSON.stringify({
      ord,
      id: r.id,
      kind: r.kind,
      firm_id: r.firmId,
      submission_id: r.submissionId,
      business_key: r.businessKey,
      as_of: r.asOf,
      source: r.source,
      source_ref: r.sourceRef,
      content_hash: r.contentHash.toString('hex'),
    });
    return `${fields.slice(0, -1)},"payload":${r.canonical}}`;
  });
  return `[${rows.join(',')}]`;
}

/** Stores documents not seen before; each new document is evidence of its own (raw-bytes hash). */
async function storeDocuments(manager: EntityManager, records: PreparedRecord[]): Promise<NewLeaf[]> {
  const documents = new Map<string, NonNullable<PreparedRecord['document']> & { firmId: string }>();
  for (const r of records) if (r.document) documents.set(r.document.sha256.toString('hex'), { ...r.document, firmId: r.firmId });
  if (documents.size === 0) return [];
  const rows: Array<{ sha256: Buffer }> = await manager.query(
    `INSERT INTO ingest_documents (sha256, media_type, size_bytes, content)
     SELECT * FROM unnest($1::bytea[], $2::text[], $3::int[], $4::bytea[])
     ON CONFLICT (sha256) DO NOTHING
     RETURNING sha256`,
    [[...documents.values()].map((d) => d.sha256), [...documents.values()].map((d) => d.mediaType), [...documents.values()].map((d) => d.content.length), [...documents.values()].map((d) => d.content)],
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
  await manager.query(`INSERT INTO ingest_record_submissions (record_id, envelope, salt) SELECT * FROM unnest($1::uuid[], $2::jsonb[], $3::bytea[])`, [
    sealed.map((r) => r.id),
    sealed.map((r) => JSON.stringify(r.submission!.envelope)),
    sealed.map((r) => r.submission!.salt ?? null),
  ]);
}
