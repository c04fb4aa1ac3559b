import { afterHours, computeIndicators, favourable, type TracedAction } from './integrity-indicators';
import { bundledIntegrityThresholds, evaluateThresholds } from './integrity-thresholds';

const at = (iso: string) => new Date(iso);
const action = (
  actorId: string,
  firmId: string,
  favourableDecision: boolean,
  minute: number,
  overrides: Partial<TracedAction> = {},
): TracedAction => ({
  actorId,
  actorRole: 'analyst',
  actorRegion: '330100',
  firmId,
  powerId: 'manual_score.add',
  at: new Date(Date.UTC(2026, 2, 2, 2, minute)),
  favourable: favourableDecision,
  ...overrides,
});

describe('integrity indicators (云在算)', () => {
  it('should tell working hours in Beijing time, weekends included', () => {
    expect(afterHours(at('2026-03-02T01:00:00Z'))).toBe(false); // Monday 09:00 CST
    expect(afterHours(at('2026-03-02T12:30:00Z'))).toBe(true); // Monday 20:30 CST
    expect(afterHours(at('2026-03-01T23:59:00Z'))).toBe(true); // Monday 07:59 CST
    expect(afterHours(at('2026-03-07T02:00:00Z'))).toBe(true); // Saturday 10:00 CST
  });

  it('should call a manual score favourable when it leaves the firm below the machine or lowers its tier', () => {
    const machine = { assessment: { tier: 'orange', riskScore: '80', machineScore: '80' } };
    expect(
      favourable('manual_score.add', machine, { assessment: { tier: 'orange', riskScore: '70', machineScore: '80' } }),
    ).toBe(true);
    expect(
      favourable('manual_score.add', machine, { assessment: { tier: 'yellow', riskScore: '80', machineScore: '80' } }),
    ).toBe(true);
    expect(
      favourable('manual_score.add', machine, { assessment: { tier: 'red', riskScore: '90', machineScore: '80' } }),
    ).toBe(false);
    expect(favourable('alert.dismiss', null, null)).toBe(true);
    expect(favourable('alert.acknowledge', null, null)).toBe(false);
  });

  it('should count the longest run of favourable decisions for one firm, broken by an unfavourable one', () => {
    const [o] = computeIndicators(
      [
        action('a', 'f1', true, 1),
        action('a', 'f1', false, 2),
        action('a', 'f1', true, 3),
        action('a', 'f1', true, 4),
        action('a', 'f2', true, 5),
      ],
      [],
      new Map(),
    );
    expect(o).toMatchObject({
      workload: 5,
      favourableRun: 2,
      favouredFirmId: 'f1',
      maxFirmShare: 0.8,
      closestFirmId: 'f1',
      favourableRate: 0.8,
    });
  });

  it('should fire 偏离度 for three favourable decisions in a row for one firm, not for the same spread over officials', () => {
    const thresholds = bundledIntegrityThresholds();
    const one = computeIndicators(
      [1, 2, 3].map((m) => action('a', 'f1', true, m)),
      [],
      new Map(),
    );
    expect(evaluateThresholds(one, thresholds).map((f) => f.indicator)).toEqual(['deviation_run']);
    const spread = computeIndicators(
      ['a', 'b', 'c'].map((who, m) => action(who, 'f1', true, m)),
      [],
      new Map(),
    );
    expect(evaluateThresholds(spread, thresholds)).toEqual([]);
  });

  it('should judge closeness against peers of the same role', () => {
    const thresholds = bundledIntegrityThresholds();
    const close = Array.from({ length: 6 }, (_, m) => action('a', 'f1', false, m, { powerId: 'alert.acknowledge' }));
    const peers = ['b', 'c'].flatMap((who) =>
      Array.from({ length: 6 }, (_, m) => action(who, `f${m}`, false, m, { powerId: 'alert.acknowledge' })),
    );
    expect(
      evaluateThresholds(computeIndicators([...close, ...peers], [], new Map()), thresholds).map((f) => [
        f.indicator,
        f.official.actorId,
      ]),
    ).toEqual([['closeness', 'a']]);
    // Everyone concentrated alike: the norm, not an outlier.
    const alike = ['a', 'b', 'c'].flatMap((who) =>
      Array.from({ length: 6 }, (_, m) => action(who, 'f1', false, m, { powerId: 'alert.acknowledge' })),
    );
    expect(evaluateThresholds(computeIndicators(alike, [], new Map()), thresholds)).toEqual([]);
  });
});
