import type { IsoDate, KeyPersonsRecord } from '../../ingest/schemas/records';
import { isoDaysBefore } from '../features/dates';
import type { FirmHistory, KindReport } from '../features/firm-history';
import { emptyHistory } from '../features/firm-history';
import { reportKindOf } from '../../firms/report-kinds';
import { EVENT_KINDS, HISTORY_DAYS, HISTORY_FIELD, type ScoredFirm } from '../persistence/history-loader';

/** One stored version of a record, as much of the ingest_records row as a history needs. */
export interface RecordVersion {
  kind: string;
  businessKey: string;
  version: number;
  asOf: IsoDate;
  payload: Record<string, unknown>;
  receivedAt: string;
}

/**
 * Every version of one firm's records that a history can still read, kept in memory by the scoring
 * replica that owns the firm. history() gives what HistoryLoader.histories reads from the database
 * (same versions, same windows, same order), so both paths score a firm alike.
 */
export class FirmRecords {
  // kind|business key -> versions; key persons by as_of (each date's list is its own).
  private readonly byKey = new Map<string, RecordVersion[]>();

  add(r: RecordVersion): void {
    const key = r.kind === 'key_persons' ? `${r.kind}|${r.asOf}` : `${r.kind}|${r.businessKey}`;
    const versions = this.byKey.get(key);
    if (!versions) this.byKey.set(key, [r]);
    else if (!versions.some((v) => v.version === r.version && v.kind === r.kind && v.businessKey === r.businessKey))
      versions.push(r);
  }

  /** The firm's history as of `until`, findings left empty (the caller reads them). */
  history(firm: ScoredFirm, until: IsoDate): FirmHistory {
    const from = isoDaysBefore(until, HISTORY_DAYS);
    const h: FirmHistory = { ...emptyHistory(firm), filings: undefined };
    const reportKind = reportKindOf(firm.kind);
    const eventField = new Map<string, keyof FirmHistory>(EVENT_KINDS.map((k) => [k, HISTORY_FIELD[k]]));
    const keyPersons: RecordVersion[] = [];
    // Business keys in the database's (C collation) order, as DISTINCT ON ... ORDER BY business_key returns them.
    for (const key of [...this.byKey.keys()].sort(byCodeUnits)) {
      const versions = this.byKey.get(key)!;
      const kind = versions[0].kind;
      if (kind === 'key_persons') {
        const latest = newest(versions.filter((v) => v.asOf <= until));
        if (latest) keyPersons.push(latest);
        continue;
      }
      if (kind !== reportKind && !eventField.has(kind)) continue;
      const latest = newest(versions.filter((v) => v.asOf > from && v.asOf <= until));
      if (!latest) continue;
      if (kind === reportKind) {
        const report = latest.payload as unknown as KindReport;
        h.reports.push(report);
        (h.reportReceivedAt as Record<string, string>)[report.reportId] = latest.receivedAt;
      } else {
        (h[eventField.get(kind)!] as unknown[]).push(latest.payload);
      }
    }
    keyPersons.sort((a, b) => byCodeUnits(a.asOf, b.asOf));
    h.keyPersons = keyPersons.map((v) => v.payload as unknown as KeyPersonsRecord);
    h.reports.sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0));
    return h;
  }
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const newest = (versions: RecordVersion[]): RecordVersion | undefined =>
  versions.reduce<RecordVersion | undefined>((best, v) => (!best || v.version > best.version ? v : best), undefined);
