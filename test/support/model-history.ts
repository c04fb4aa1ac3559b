import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { recordIdentity } from '../../src/ingest/intake/record-identity';
import type { FirmTrajectory } from '../../src/ingest/simulator/firm-trajectory';
import { trajectoryRecords } from '../../src/ingest/simulator/trajectory-records';
import type { DistressType } from '../../src/ingest/simulator/latent-state';
import { insertOutcomes } from '../../src/scoring/outcomes/outcomes.service';
import type { FirmOutcome, OutcomeType } from '../../src/scoring/outcomes/outcome';

const OUTCOME_OF: Record<DistressType, OutcomeType> = {
  run: 'run',
  payout_stop: 'payout_stop',
  closure: 'exit',
  licence_revoked: 'licence_revoked',
};

/**
 * A simulated history as the bureau would have stored it: the firms, every record received at
 * the instant the feed would have delivered it, and each firm's distress as a known outcome
 * dated at the end of its distress month. Returns firm ids by credit code.
 */
export async function storeSimulatedHistory(
  db: DataSource,
  trajectories: readonly FirmTrajectory[],
): Promise<Map<string, string>> {
  const firms: Array<{ id: string; credit_code: string }> = await db.query(
    `INSERT INTO firms (credit_code, name, kind, region_code) SELECT * FROM unnest($1::text[], $2::text[], $3::firm_kind[], $4::text[]) RETURNING id, credit_code`,
    [
      trajectories.map((t) => t.firm.creditCode),
      trajectories.map((t) => t.firm.name),
      trajectories.map((t) => t.firm.kind),
      trajectories.map((t) => t.firm.regionCode),
    ],
  );
  const ids = new Map(firms.map((f) => [f.credit_code, f.id]));
  const records = trajectoryRecords(trajectories);
  for (let i = 0; i < records.length; i += 5000) {
    const chunk = records.slice(i, i + 5000).map((r) => ({ r, identity: recordIdentity(r.kind, r.record) }));
    await db.query(
      `INSERT INTO ingest_records (kind, firm_id, submission_id, business_key, version, as_of, source, source_ref, payload, content_hash, received_at)
       SELECT k, f, s, b, 1, a, 'http', 'simulated', p, h, t FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::jsonb[], $7::bytea[], $8::timestamptz[]) AS x(k, f, s, b, a, p, h, t)`,
      [
        chunk.map(({ r }) => r.kind),
        chunk.map(({ r }) => ids.get(r.firmCreditCode)),
        chunk.map(({ identity }) => identity.submissionId),
        chunk.map(({ identity }) => identity.businessKey),
        chunk.map(({ identity }) => identity.asOf),
        chunk.map(({ r }) => JSON.stringify(r.record)),
        chunk.map(({ r }) => createHash('sha256').update(JSON.stringify(r.record)).digest()),
        chunk.map(({ r }) => r.at),
      ],
    );
  }
  const outcomes: FirmOutcome[] = trajectories
    .filter((t) => t.firm.distressMonth !== null)
    .map((t) => ({
      firmId: ids.get(t.firm.creditCode)!,
      outcome: OUTCOME_OF[t.firm.distressType!],
      occurredOn: t.months.find((m) => m.month === t.firm.distressMonth)!.periodEnd,
      source: 'official',
      sourceRef: `simulated:${t.firm.creditCode}`,
      detail: 'simulated',
    }));
  await db.transaction((m) => insertOutcomes(m, outcomes, null));
  return ids;
}
