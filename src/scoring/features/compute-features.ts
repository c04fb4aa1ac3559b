import type { GuaranteeReport, IsoDate, MicroLoanReport, P2pReport } from '../../ingest/schemas/records';
import { daysBetween, instantToChinaDate, workingDaysAfter } from './dates';
import { contractFeatures } from './contract-features';
import { FEATURE_NAMES } from './feature-catalogue';
import type { FeatureVector } from './feature-vector';
import { feedFeatures } from './feed-features';
import { FINDING_CODES, type FirmHistory, type KindReport } from './firm-history';
import { guaranteeFeatures } from './guarantee-features';
import { insiderFeatures } from './insider-features';
import { microLoanFeatures } from './micro-loan-features';
import { p2pFeatures } from './p2p-features';
import { scoringTimeline, type ReportTimeline } from './report-timeline';
import { sentimentFeatures } from './sentiment-features';

// Every catalogue name is present in every vector, null until a computation fills it: a rule or
// the model never confuses "not computed" with a value.
const EMPTY: FeatureVector = Object.fromEntries(FEATURE_NAMES.map((n) => [n, null]));

// The finding_* names built once, not per firm and code (that was a tenth of the feature time).
const FINDING_FEATURE = new Map<string, string>(FINDING_CODES.map((code) => [code, `finding_${code}`]));
const FINDING_FEATURES = [...FINDING_FEATURE.values()];

function findingFeatures(h: FirmHistory, asOf: IsoDate, out: FeatureVector): void {
  for (const name of FINDING_FEATURES) out[name] = false;
  for (const f of h.findings) {
    if (f.confirmedAt <= asOf && (f.closedAt === undefined || f.closedAt > asOf))
      out[FINDING_FEATURE.get(f.code) ?? `finding_${f.code}`] = true;
  }
}

function reportMeta(h: FirmHistory, t: ReportTimeline<KindReport>, asOf: IsoDate, out: FeatureVector): void {
  let latest: KindReport | undefined;
  for (const r of h.reports) if (r.periodEnd <= asOf) latest = r;
  out.report_age_days = latest ? daysBetween(latest.periodEnd, asOf) : null;
  const received = t.current ? h.reportReceivedAt?.[t.current.reportId] : undefined;
  if (t.current && received)
    out.report_disclosure_working_days = workingDaysAfter(t.current.periodEnd, instantToChinaDate(received));
}

/**
 * The feature vector of one firm as of a date, from its records up to that date. Pure and
 * deterministic; records dated after asOf are ignored, so the same function builds training
 * rows from history and scores today.
 */
export function computeFeatures(h: FirmHistory, asOf: IsoDate): FeatureVector {
  const out: FeatureVector = { ...EMPTY };
  // The periodic series drives the features while it is current, else the daily one (scoringTimeline).
  const t = scoringTimeline(h.reports, asOf);
  reportMeta(h, t, asOf, out);
  switch (h.firm.kind) {
    case 'p2p_lending': {
      const daily = h.reports.filter((r) => r.periodType === 'daily' && r.periodEnd <= asOf) as P2pReport[];
      p2pFeatures(t as ReportTimeline<P2pReport>, asOf, daily, h.market, out);
      break;
    }
    case 'micro_loan':
      microLoanFeatures(t as ReportTimeline<MicroLoanReport>, out);
      break;
    case 'financing_guarantee':
      guaranteeFeatures(t as ReportTimeline<GuaranteeReport>, out);
      break;
  }
  feedFeatures(h, asOf, out);
  sentimentFeatures(h.sentiment, asOf, out);
  contractFeatures(h.contracts, asOf, h.market, out);
  insiderFeatures(h, asOf, out);
  findingFeatures(h, asOf, out);
  return out;
}
