import { EntityManager } from 'typeorm';
import { bulkInsert, nextIds, type BulkTable } from '../../platform/database/bulk-insert';

export interface NewLeaf {
  /** A kind registered in the EvidenceKindRegistry (its feature's *-evidence-kinds.ts). */
  kind: string;
  recordId: string;
  /** SHA-256 of the record's canonical bytes (raw bytes for documents). */
  contentHash: Uint8Array;
  firmId?: string | null;
}

/**
 * Appends evidence leaves inside the caller's transaction, so a record and its leaf are stored
 * together or not at all, and queues them for the anchor role to sequence into the log.
 */
export async function appendLeaves(manager: EntityManager, leaves: NewLeaf[]): Promise<void> {
  if (leaves.length === 0) return;
  if (leaves.length >= BULK_LEAVES) return copyLeaves(manager, leaves);
  await manager.query(
    `WITH inserted AS (
       INSERT INTO evidence_leaves (record_kind, record_id, content_hash, firm_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::uuid[])
       RETURNING id
     )
     INSERT INTO evidence_pending (leaf_id) SELECT id FROM inserted`,
    [
      leaves.map((l) => l.kind),
      leaves.map((l) => l.recordId),
      leaves.map((l) => Buffer.from(l.contentHash)),
      leaves.map((l) => l.firmId ?? null),
    ],
  );
}

// From this many leaves on, three round trips (ids, leaves, pending) with COPY cost less than the
// one INSERT ... RETURNING: a records batch or a re-score writes thousands at once.
const BULK_LEAVES = 64;

const LEAVES: BulkTable = {
  name: 'evidence_leaves',
  columns: [
    { name: 'id', type: 'bigint' },
    { name: 'record_kind', type: 'text' },
    { name: 'record_id', type: 'text' },
    { name: 'content_hash', type: 'bytea' },
    { name: 'firm_id', type: 'uuid' },
  ],
};
const PENDING: BulkTable = { name: 'evidence_pending', columns: [{ name: 'leaf_id', type: 'bigint' }] };

async function copyLeaves(manager: EntityManager, leaves: NewLeaf[]): Promise<void> {
  const ids = await nextIds(manager, 'evidence_leaves_id_seq', leaves.length);
  await bulkInsert(
    manager,
    LEAVES,
    leaves.map((l, i) => [ids[i], l.kind, l.recordId, l.contentHash, l.firmId ?? null]),
  );
  await bulkInsert(
    manager,
    PENDING,
    ids.map((id) => [id]),
  );
}
