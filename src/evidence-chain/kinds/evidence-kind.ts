import type { EntityManager } from 'typeorm';
import { isUuid } from '../../platform/uuid';
import type { ReceiptSubmission } from '../verifier/receipt';

/**
 * Rebuilds the content hashes of stored records from their rows, exactly as their writer hashed
 * them. Given record ids of one leaf kind, returns record id -> recomputed contentHash; an id
 * missing from the map has no row of that kind any more (deleted, or moved to another kind).
 */
export type Rehasher = (db: EntityManager, recordIds: readonly string[]) => Promise<Map<string, Buffer>>;

/**
 * 存证类型: one kind of evidence leaf (its `record_kind`), registered by the feature that writes
 * it, from its own persistence code. The evidence chain knows kinds only through these.
 */
export interface EvidenceKind {
  /** The leaves' record_kind: lower snake case, e.g. `assessment`. */
  readonly name: string;
  /** How the tamper scan rebuilds a leaf's content hash from the stored row. */
  readonly rehasher: Rehasher;
  /** How the record's bytes were hashed: 'jcs' (RFC 8785, the default) or 'raw' bytes (documents). */
  readonly canonicalization?: 'jcs' | 'raw';
  /** Pushed records only: the envelope and salt that open the firm's commitment, for the receipt. */
  readonly submissionOf?: (db: EntityManager, recordId: string) => Promise<ReceiptSubmission | undefined>;
}

/** The ids that can be uuids: others cannot name a row of a uuid-keyed table (and would fail the cast). */
export function uuidsOf(recordIds: readonly string[]): string[] {
  return recordIds.filter((id) => isUuid(id));
}

/** timestamptz as the writers hashed it: a JS Date's ISO string (millisecond precision). */
export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
