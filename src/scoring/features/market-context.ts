import type { IsoDate, P2pReport } from '../../ingest/schemas/records';
import { isoDaysBefore } from './dates';
import { yuan, type FirmHistory, type MarketContext } from './firm-history';
import { scoringTimeline } from './report-timeline';

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The cross-firm facts of one re-score (computed once, shared by every firm): P2P peer median
 * yield (EW-06), each large borrower's outstanding summed across platforms (P2P-03/04; only
 * borrowers some platform lists as large are visible), and the dishonest list (PD-05).
 */
export function buildMarketContext(histories: readonly FirmHistory[], asOf: IsoDate): MarketContext {
  const yields: number[] = [];
  const crossPlatform = new Map<string, number>();
  const dishonestIds = new Set<string>();
  const since = isoDaysBefore(asOf, 365);
  for (const h of histories) {
    if (h.firm.kind === 'p2p_lending') {
      const current = scoringTimeline(h.reports as P2pReport[], asOf).current;
      if (current) {
        const y = Number(current.averageYield);
        if (Number.isFinite(y)) yields.push(y);
        for (const b of current.largeBorrowers)
          crossPlatform.set(b.idNumber, (crossPlatform.get(b.idNumber) ?? 0) + yuan(b.outstanding));
      }
    }
    for (const e of h.court) {
      if ((e.type !== 'dishonest_list' && e.type !== 'consumption_ban') || e.occurredAt > asOf || e.occurredAt <= since)
        continue;
      if (e.subject === 'firm') dishonestIds.add(e.firmCreditCode);
      else if (e.subjectIdNumber) dishonestIds.add(e.subjectIdNumber);
    }
  }
  return { p2pPeerMedianYieldPct: median(yields), crossPlatformOutstanding: crossPlatform, dishonestIds };
}
