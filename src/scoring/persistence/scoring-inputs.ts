import type { EntityManager } from 'typeorm';

/**
 * Records, in the storing transaction, that each firm's assessment takes in its change (the change
 * feed's id); returns the firms for which that is news. A firm whose stored change id is already
 * at least as new was scored for it before (a redelivered message, or a replica that died after
 * committing but before acknowledging): its assessment is not stored a second time.
 */
export async function claimInputs(
  m: EntityManager,
  inputs: ReadonlyArray<readonly [firmId: string, changeId: number]>,
): Promise<Set<string>> {
  if (!inputs.length) return new Set();
  const rows: Array<{ firm_id: string }> = await m.query(
    `INSERT INTO scoring_firm_inputs (firm_id, change_id, updated_at)
     SELECT * , now() FROM unnest($1::uuid[], $2::bigint[])
     ON CONFLICT (firm_id) DO UPDATE SET change_id = excluded.change_id, updated_at = excluded.updated_at
      WHERE scoring_firm_inputs.change_id < excluded.change_id
     RETURNING firm_id`,
    [inputs.map(([id]) => id), inputs.map(([, change]) => change)],
  );
  return new Set(rows.map((r) => r.firm_id));
}

/** The newest change each firm's stored assessments have taken in. */
export async function appliedInputs(m: EntityManager, firmIds: readonly string[]): Promise<Map<string, number>> {
  const rows: Array<{ firm_id: string; change_id: string }> = await m.query(
    `SELECT firm_id, change_id FROM scoring_firm_inputs WHERE firm_id = ANY($1::uuid[])`,
    [firmIds],
  );
  return new Map(rows.map((r) => [r.firm_id, Number(r.change_id)]));
}
