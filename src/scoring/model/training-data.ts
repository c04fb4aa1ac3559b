import type { FirmTrajectory } from '../../ingest/simulator/firm-trajectory';
import type { IsoDate } from '../../ingest/schemas/records';
import { computeFeatures } from '../features/compute-features';
import type { FirmHistory, KindReport } from '../features/firm-history';
import { buildMarketContext } from '../features/market-context';
import { MODEL_FEATURES, transformRow } from './model-features';

/** Distress within the next 3 monthly reports ≈ 90 days. */
export const HORIZON_MONTHS = 3;
/** Months of history before the first row, so that trends (month-ago, 90-days-ago) exist. */
export const WARM_UP_MONTHS = 3;

export interface LabelledRow {
  firm: string;
  asOf: IsoDate;
  x: Array<number | null>;
  y: 0 | 1;
}

/** A trajectory as the bureau would have stored it: every record, to be cut at asOf by computeFeatures. */
export function historyOfTrajectory(t: FirmTrajectory): FirmHistory {
  const reports: KindReport[] = [];
  const h: FirmHistory = {
    firm: {
      id: t.firm.creditCode,
      creditCode: t.firm.creditCode,
      kind: t.firm.kind,
      regionCode: t.firm.regionCode,
      name: t.firm.name,
    },
    reports,
    contracts: [],
    keyPersons: [t.keyPersons],
    registry: [],
    tax: [],
    court: [],
    socialSecurity: [],
    sentiment: [],
    findings: [],
  };
  for (const m of t.months) {
    reports.push(m.report);
    h.contracts.push(...m.contracts);
    h.registry.push(...m.registry);
    h.tax.push(...m.tax);
    h.court.push(...m.court);
    h.socialSecurity.push(...m.socialSecurity);
    h.sentiment.push(...m.sentiment);
  }
  return h;
}

/**
 * Slide over each trajectory: features as of the end of month t from the records up to t, label
 * 1 when distress starts in months t+1..t+3. Months already in distress are skipped (nothing to
 * predict), and so are the last 3 months of a trajectory that ran to the simulation horizon
 * without distress (their label is unknown: censored).
 */
export function labelledRows(
  trajectories: readonly FirmTrajectory[],
  horizonMonths: number,
  onProgress?: (done: number, total: number) => void,
): LabelledRow[] {
  const histories = trajectories.map(historyOfTrajectory);
  const monthEnds = new Map<number, IsoDate>();
  for (const t of trajectories) for (const m of t.months) monthEnds.set(m.month, m.periodEnd);
  // One market context per month, shared by all firms (peer yields, dishonest list).
  const markets = new Map([...monthEnds].map(([month, end]) => [month, buildMarketContext(histories, end)]));
  const rows: LabelledRow[] = [];
  trajectories.forEach((t, i) => {
    const distressAt = t.firm.distressMonth;
    for (const m of t.months) {
      if (m.month < WARM_UP_MONTHS || m.distressed) continue;
      const label = distressAt !== null && distressAt > m.month && distressAt <= m.month + HORIZON_MONTHS ? 1 : 0;
      if (label === 0 && m.month + HORIZON_MONTHS > horizonMonths - 1) continue;
      const features = computeFeatures({ ...histories[i], market: markets.get(m.month) }, m.periodEnd);
      rows.push({
        firm: t.firm.creditCode,
        asOf: m.periodEnd,
        x: transformRow(features, MODEL_FEATURES, t.firm.kind),
        y: label,
      });
    }
    onProgress?.(i + 1, trajectories.length);
  });
  return rows;
}
