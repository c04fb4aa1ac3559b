import type { CourtEvent, P2pReport } from '../../../ingest/schemas/records';
import { computeFeatures } from '../../features/compute-features';
import {
  assertKnownBy,
  checkNoLookAhead,
  historyKnownAt,
  PointInTimeViolation,
  type FirmStore,
  type StoredRecord,
} from './point-in-time';
import { labelAt, monthEndAfter, splitByTime } from './training-set';

const court = (id: string, day: string): StoredRecord => ({
  kind: 'court_event',
  businessKey: id,
  version: 1,
  asOf: day,
  receivedOn: day,
  receivedAt: `${day}T04:00:00.000Z`,
  payload: {
    eventId: id,
    firmCreditCode: 'C',
    occurredAt: day,
    caseNumber: id,
    type: 'lawsuit',
    subject: 'firm',
    plaintiffRole: 'lender',
  } satisfies CourtEvent as unknown as Record<string, unknown>,
});
const report = (period: string, received: string, version: number, overdue: string): StoredRecord => ({
  kind: 'p2p_report',
  businessKey: `monthly:${period}`,
  version,
  asOf: period,
  receivedOn: received,
  receivedAt: `${received}T02:00:00.000Z`,
  payload: {
    reportId: `R-${period}-${version}`,
    periodType: 'monthly',
    periodEnd: period,
    overdueRate: overdue,
  } as unknown as Record<string, unknown>,
});
const store = (records: StoredRecord[]): FirmStore => ({
  firm: { id: 'f', creditCode: 'C', kind: 'p2p_lending', regionCode: '330100', name: 'x' },
  records,
  findings: [],
});

describe('point in time', () => {
  it('should keep what was known at the date: a record received later, and a correction received later, are not seen', () => {
    const s = store([
      report('2025-01-31', '2025-02-03', 1, '0.01'),
      report('2025-01-31', '2025-04-10', 2, '0.20'),
      report('2025-02-28', '2025-03-03', 1, '0.02'),
    ]);
    const atFebEnd = historyKnownAt(s, '2025-02-28');
    expect(atFebEnd.history.reports.map((r) => (r as P2pReport).reportId)).toEqual(['R-2025-01-31-1']);
    expect(historyKnownAt(s, '2025-04-30').history.reports.map((r) => (r as P2pReport).reportId)).toEqual([
      'R-2025-01-31-2',
      'R-2025-02-28-1',
    ]);
    expect(() => assertKnownBy('C', atFebEnd, '2025-02-28')).not.toThrow();
    expect(() => assertKnownBy('C', historyKnownAt(s, '2025-04-30'), '2025-02-28')).toThrow(PointInTimeViolation);
  });

  it('should pass computeFeatures and catch a feature that reads records dated after the feature date', () => {
    const s = store([court('a', '2025-01-10'), court('b', '2025-03-10'), court('c', '2025-04-01')]);
    const known = historyKnownAt(s, '2025-02-28');
    expect(() =>
      checkNoLookAhead(computeFeatures, s, known, '2025-02-28', computeFeatures(known.history, '2025-02-28')),
    ).not.toThrow();
    const leaky = (h: typeof known.history, asOf: string) => ({
      ...computeFeatures(h, asOf),
      court_cases_90d: h.court.length,
    });
    const failure = (() => {
      try {
        checkNoLookAhead(leaky, s, known, '2025-02-28', leaky(known.history, '2025-02-28'));
      } catch (e) {
        return e as PointInTimeViolation;
      }
      return null;
    })();
    expect(failure?.features).toEqual(['court_cases_90d']);
  });

  it('should label by the first outcome in the horizon after the date, and skip what cannot be known', () => {
    expect(monthEndAfter('2025-01-31', 3)).toBe('2025-04-30');
    expect(labelAt('2025-01-31', '2025-04-30', 3, '2025-12-31')).toBe(1);
    expect(labelAt('2025-01-31', '2025-05-01', 3, '2025-12-31')).toBe(0);
    expect(labelAt('2025-01-31', '2025-01-31', 3, '2025-12-31')).toBeNull(); // already happened
    expect(labelAt('2025-11-30', undefined, 3, '2025-12-31')).toBeNull(); // horizon not yet observed
  });

  it('should keep training rows whose horizon ends before the test window', () => {
    const dates = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30'];
    const rows = dates.map((asOf) => ({ firm: 'f', asOf, x: [], y: 0 as const }));
    const { train, test, window } = splitByTime(rows, 2, 2);
    expect(window).toEqual({ from: '2025-05-31', to: '2025-06-30' });
    expect(test.map((r) => r.asOf)).toEqual(['2025-05-31', '2025-06-30']);
    expect(train.map((r) => r.asOf)).toEqual(['2025-01-31', '2025-02-28']);
  });
});
