import type { EntityManager } from 'typeorm';
import { isUuid } from '../../../platform/uuid';

/**
 * Rebuilds the content hashes of stored records from their rows, exactly as their writer hashed
 * them. Given record ids of one leaf kind, returns record id -> recomputed contentHash; an id
 * missing from the map has no row of that kind any more (deleted, or moved to another kind).
 */
export type Rehasher = (db: EntityManager, recordIds: readonly string[]) => Promise<Map<string, Buffer>>;

/** The ids that can be uuids: others cannot name a row of a uuid-keyed table (and would fail the cast). */
export function uuidsOf(recordIds: readonly string[]): string[] {
  return recordIds.filter((id) => isUuid(id));
}

/** timestamptz as the writers hashed it: a JS Date's ISO string (millisecond precision). */
export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
