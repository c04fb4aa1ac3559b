import { recordContentHash } from '../../evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import type { EvidenceKind, Rehasher } from '../../evidence-chain/kinds/evidence-kind';

// The evidence kinds of firms' witnesses, with their re-hashers for the tamper scan.

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

export const WITNESS_EVIDENCE_KINDS: readonly EvidenceKind[] = [
  { name: 'cosignature', rehasher: eventRehasher('firm_cosignatures') }, // 见证签名: a firm's C2SP cosignature on a checkpoint (firm_cosignatures)
  { name: 'witness_refusal', rehasher: eventRehasher('witness_refusals') }, // 拒签: a checkpoint a firm's witness refused to cosign (witness_refusals)
];
