import { EntityManager } from 'typeorm';

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
  await manager.query(
    `WITH inserted AS (
       INSERT INTO evidence_leaves (record_kind, record_id, content_hash, firm_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::uuid[])
       RETURNING id
     )
     INSERT INTO evidence_pending (leaf_id) SELECT id FROM inserted`,
    [leaves.map((l) => l.kind), leaves.map((l) => l.recordId), leaves.map((l) => Buffer.from(l.contentHash)), leaves.map((l) => l.firmId ?? null)],
  );
}
