import { creditCodeProblem } from '../../firms/credit-code';
import { residentIdProblem } from '../schemas/resident-id';
import { validateRecord } from '../schemas/validate-record';
import { simulateTrajectories } from './firm-trajectory';
import { generateReportStream } from './report-stream';
import { trajectoryRecords } from './trajectory-records';

// 24 finished months: a report of a running month is refused.
const OPTIONS = { seed: 20251, firms: 90, months: 24, startMonth: '2024-11' };

describe(simulateTrajectories.name, () => {
  const trajectories = simulateTrajectories(OPTIONS);
  const records = trajectoryRecords(trajectories);

  it('should be deterministic for a seed', () => {
    expect(JSON.stringify(simulateTrajectories({ ...OPTIONS, firms: 12 }))).toBe(
      JSON.stringify(simulateTrajectories({ ...OPTIONS, firms: 12 })),
    );
    expect(JSON.stringify(simulateTrajectories({ ...OPTIONS, firms: 12, seed: 2 }))).not.toBe(
      JSON.stringify(simulateTrajectories({ ...OPTIONS, firms: 12 })),
    );
  });

  it('should produce only records that pass validateRecord', () => {
    expect(records.length).toBeGreaterThan(5000);
    const failures = records.flatMap((r) => {
      const result = validateRecord(r.kind, r.record);
      return result.ok ? [] : [{ kind: r.kind, id: r.messageId, problems: result.problems }];
    });
    expect(failures.slice(0, 3)).toEqual([]);
  });

  it('should make the requested share of firms deteriorate, of all three kinds', () => {
    const deteriorating = trajectories.filter((t) => t.firm.profile === 'deteriorating');
    expect(deteriorating).toHaveLength(27);
    expect(new Set(trajectories.map((t) => t.firm.kind))).toEqual(
      new Set(['p2p_lending', 'micro_loan', 'financing_guarantee']),
    );
    for (const t of deteriorating) expect(t.firm.causes.length).toBeGreaterThanOrEqual(2);
  });

  it('should keep distress to deteriorating firms and mark months from the distress month on', () => {
    for (const { firm, months } of trajectories) {
      if (firm.profile === 'healthy') {
        expect(firm.distressMonth).toBeNull();
        expect(months).toHaveLength(OPTIONS.months);
        expect(months.every((m) => !m.distressed)).toBe(true);
      } else if (firm.distressMonth !== null) {
        expect(firm.distressType).toBeDefined();
        expect(months.map((m) => m.distressed)).toEqual(months.map((m) => m.month >= (firm.distressMonth as number)));
      }
    }
    expect(trajectories.filter((t) => t.firm.distressMonth !== null).length).toBeGreaterThan(5);
  });

  it('should show causes in the data: distressed firms carry more negative signals before failing', () => {
    const signal = (t: (typeof trajectories)[number], upTo: number): number =>
      t.months
        .slice(Math.max(0, upTo - 3), upTo)
        .reduce((sum, m) => sum + m.court.length + m.tax.length + m.sentiment.length, 0);
    const failing = trajectories.filter((t) => t.firm.distressMonth !== null && (t.firm.distressMonth as number) >= 3);
    const healthy = trajectories.filter((t) => t.firm.profile === 'healthy');
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(failing.map((t) => signal(t, t.firm.distressMonth as number)))).toBeGreaterThan(
      1.5 * mean(healthy.map((t) => signal(t, 12))),
    );
  });

  it('should use valid GB 32100 codes and GB 11643 ids, and share some controllers between firms', () => {
    const controllers = new Map<string, number>();
    for (const { firm, keyPersons } of trajectories) {
      expect(creditCodeProblem(firm.creditCode)).toBeNull();
      for (const p of keyPersons.persons) {
        if (p.personType === 'natural_person') expect(residentIdProblem(p.idNumber)).toBeNull();
        if (p.role === 'actual_controller') controllers.set(p.idNumber, (controllers.get(p.idNumber) ?? 0) + 1);
      }
    }
    expect([...controllers.values()].some((n) => n > 1)).toBe(true);
    expect(new Set(trajectories.map((t) => t.firm.creditCode)).size).toBe(trajectories.length);
  });

  it('should emit records in time order with unique message ids', () => {
    expect(records.map((r) => r.at)).toEqual([...records.map((r) => r.at)].sort());
    expect(new Set(records.map((r) => r.messageId)).size).toBe(records.length);
  });

  it('should reject a malformed start month', () => {
    expect(() => simulateTrajectories({ ...OPTIONS, startMonth: '2025-13' })).toThrow(/YYYY-MM/);
  });
});

describe(generateReportStream.name, () => {
  it('should yield valid daily reports with unique ids', () => {
    const ids = new Set<string>();
    let n = 0;
    for (const item of generateReportStream(3, 300)) {
      const result = validateRecord(item.kind, item.record);
      expect(result.ok ? [] : result.problems).toEqual([]);
      ids.add(`${item.kind}/${item.record.reportId}`);
      if (++n === 3000) break;
    }
    expect(ids.size).toBe(3000);
  });

  it('should be deterministic for a seed', () => {
    const take = (seed: number): string[] => {
      const out: string[] = [];
      for (const item of generateReportStream(seed, 10)) if (out.push(JSON.stringify(item)) === 20) break;
      return out;
    };
    expect(take(5)).toEqual(take(5));
  });
});
