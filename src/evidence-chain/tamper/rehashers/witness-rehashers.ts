import { recordContentHash } from '../../canonical/content-hash';
import { nodeSha256 } from '../../canonical/sha256-node';
import { Rehasher } from './rehasher';

/** A table of witness events keyed by bigserial id, each hashed as its stored event's JCS. */
function eventRehasher(table: 'firm_cosignatures' | 'witness_refusals'): Rehasher {
  return async (db, recordIds) => {
    const ids = recordIds.filter((id) => /^[0-9]{1,18}$/.test(id));
    const rows: Array<{ id: string; event: unknown }> = await db.query(
      `SELECT id::text, event FROM ${table} WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, Buffer.from(recordContentHash(r.event, nodeSha256))]));
  };
}

/** 见证签名: a firm's cosignature on a checkpoint, the event as stored. */
export const cosignatureRehasher = eventRehasher('firm_cosignatures');
/** 拒签: a checkpoint a firm's witness refused, the event as stored. */
export const witnessRefusalRehasher = eventRehasher('witness_refusals');
