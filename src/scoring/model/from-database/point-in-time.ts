import type { Instant, IsoDate, KeyPersonsRecord, RecordKind } from '../../../ingest/schemas/records';
import type { ScoredFirm } from '../../persistence/history-loader';
import type { FeatureVector } from '../../features/feature-vector';
import type { Finding, FirmHistory, KindReport, MarketContext } from '../../features/firm-history';
import { emptyHistory } from '../../features/firm-history';

/** One stored version of one record, with when the bureau received it. */
export interface StoredRecord {
  kind: RecordKind;
  businessKey: string;
  version: number;
  /** The date the record speaks of (ingest_records.as_of). */
  asOf: IsoDate;
  /** The China date it was received: a record is known from that day on. */
  receivedOn: IsoDate;
  receivedAt: Instant;
  payload: Record<string, unknown>;
}

/** A 查实事项 row with the day it was recorded (a finding backdated later was not known earlier). */
export interface StoredFinding extends Finding {
  recordedOn: IsoDate;
  closedRecordedOn?: IsoDate;
}

/** Everything stored about one firm, every version. */
export interface FirmStore {
  firm: ScoredFirm;
  /** Sorted by receivedOn ascending. */
  records: StoredRecord[];
  findings: StoredFinding[];
}

export type FeatureFunction = (h: FirmHistory, asOf: IsoDate) => FeatureVector;

const HISTORY_FIELD: Partial<
  Record<RecordKind, 'contracts' | 'registry' | 'tax' | 'court' | 'socialSecurity' | 'sentiment'>
> = {
  contract: 'contracts',
  registry_event: 'registry',
  tax_event: 'tax',
  court_event: 'court',
  social_security_event: 'socialSecurity',
  sentiment_item: 'sentiment',
};
const REPORT_KINDS: ReadonlySet<RecordKind> = new Set(['p2p_report', 'micro_loan_report', 'guarantee_report']);

/** A history handed to a feature computation, with the latest dates of what went into it. */
export interface KnownHistory {
  history: FirmHistory;
  /** Latest business date and latest receipt date among the records included. */
  latestAsOf: IsoDate | null;
  latestReceivedOn: IsoDate | null;
}

/**
 * The firm's history as the bureau knew it at the end of `date`: records dated on or before it
 * AND received on or before it, each business key at the latest version received by then (a
 * correction received later is not seen), findings recorded by then.
 */
export function historyKnownAt(store: FirmStore, date: IsoDate, market?: MarketContext): KnownHistory {
  return cut(store, date, market, (r) => r.asOf <= date && r.receivedOn <= date);
}

/** Only the firm's records dated after `date` (every received version's latest), for the leak check. */
export function recordsDatedAfter(store: FirmStore, date: IsoDate): KnownHistory {
  return cut(store, date, undefined, (r) => r.asOf > date);
}

function cut(
  store: FirmStore,
  date: IsoDate,
  market: MarketContext | undefined,
  keep: (r: StoredRecord) => boolean,
): KnownHistory {
  const latest = new Map<string, StoredRecord>();
  for (const r of store.records) {
    if (!keep(r)) continue;
    const key = `${r.kind}\u0000${r.businessKey}`;
    const seen = latest.get(key);
    if (!seen || r.version > seen.version) latest.set(key, r);
  }
  const h: FirmHistory = { ...emptyHistory(store.firm), market };
  let latestAsOf: IsoDate | null = null;
  let latestReceivedOn: IsoDate | null = null;
  for (const r of latest.values()) {
    if (latestAsOf === null || r.asOf > latestAsOf) latestAsOf = r.asOf;
    if (latestReceivedOn === null || r.receivedOn > latestReceivedOn) latestReceivedOn = r.receivedOn;
    if (REPORT_KINDS.has(r.kind)) {
      const report = r.payload as unknown as KindReport;
      h.reports.push(report);
      (h.reportReceivedAt as Record<string, string>)[report.reportId] = r.receivedAt;
    } else if (r.kind === 'key_persons') h.keyPersons.push(r.payload as unknown as KeyPersonsRecord);
    else {
      const field = HISTORY_FIELD[r.kind];
      if (field) (h[field] as unknown[]).push(r.payload);
    }
  }
  h.reports.sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0));
  h.keyPersons.sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  for (const f of store.findings) {
    if (f.recordedOn > date || f.confirmedAt > date) continue;
    const closed = f.closedAt !== undefined && f.closedAt <= date && (f.closedRecordedOn ?? f.closedAt) <= date;
    h.findings.push({
      code: f.code,
      confirmedAt: f.confirmedAt,
      source: f.source,
      ...(closed ? { closedAt: f.closedAt } : {}),
    });
  }
  return { history: h, latestAsOf, latestReceivedOn };
}

/** A training row that would use what the bureau did not know on its feature date. */
export class PointInTimeViolation extends Error {
  readonly code = 'POINT_IN_TIME_VIOLATION';

  constructor(
    readonly firm: string,
    readonly asOf: IsoDate,
    readonly detail: string,
    readonly features: readonly string[] = [],
  ) {
    super(`firm ${firm} as of ${asOf}: ${detail}${features.length ? ` (${features.join(', ')})` : ''}`);
  }
}

/** Refuse a history holding a record dated or received after the feature date. */
export function assertKnownBy(firm: string, known: KnownHistory, asOf: IsoDate): void {
  if (known.latestAsOf !== null && known.latestAsOf > asOf)
    throw new PointInTimeViolation(firm, asOf, `a record dated ${known.latestAsOf} is in the history`);
  if (known.latestReceivedOn !== null && known.latestReceivedOn > asOf)
    throw new PointInTimeViolation(firm, asOf, `a record received on ${known.latestReceivedOn} is in the history`);
}

function merged(a: FirmHistory, b: FirmHistory): FirmHistory {
  return {
    ...a,
    reports: [...a.reports, ...b.reports].sort((x, y) =>
      x.periodEnd < y.periodEnd ? -1 : x.periodEnd > y.periodEnd ? 1 : 0,
    ),
    reportReceivedAt: { ...a.reportReceivedAt, ...b.reportReceivedAt },
    contracts: [...a.contracts, ...b.contracts],
    keyPersons: [...a.keyPersons, ...b.keyPersons],
    registry: [...a.registry, ...b.registry],
    tax: [...a.tax, ...b.tax],
    court: [...a.court, ...b.court],
    socialSecurity: [...a.socialSecurity, ...b.socialSecurity],
    sentiment: [...a.sentiment, ...b.sentiment],
  };
}

const same = (x: unknown, y: unknown): boolean =>
  Object.is(x, y) ||
  (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)));

/**
 * The point-in-time check of a feature computation: adding the firm's records dated after the
 * feature date must change no feature. A feature that does change was computed from the future;
 * the training refuses to build its rows (PointInTimeViolation naming the features).
 */
export function checkNoLookAhead(
  features: FeatureFunction,
  store: FirmStore,
  known: KnownHistory,
  asOf: IsoDate,
  computed: FeatureVector,
): void {
  const future = recordsDatedAfter(store, asOf);
  if (future.latestAsOf === null) return;
  const withFuture = features(merged(known.history, future.history), asOf);
  const leaked = Object.keys({ ...computed, ...withFuture }).filter(
    (name) => !same(computed[name] ?? null, withFuture[name] ?? null),
  );
  if (leaked.length > 0)
    throw new PointInTimeViolation(
      store.firm.creditCode,
      asOf,
      'features change when records dated after the feature date are added',
      leaked,
    );
}
