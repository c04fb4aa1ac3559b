import { assessFirm, type Assessment } from './composite-score';
import { blackListDecision, whiteListDecision } from './watch-lists';
import type { RuleHit } from '../rules/rule-engine';

const period = (asOf: string, risk: number, hits: RuleHit[] = []): Assessment =>
  assessFirm({
    firmId: 'f',
    asOf,
    hits,
    packs: [],
    model: null,
    manualScores: [{ id: 'x', mode: 'set', value: risk, reason: 'r', author: 'a', validFrom: '2020-01-01' }],
  });
const violation: RuleHit = {
  ruleId: 'MC-01',
  regulationId: 'MC-01',
  pack: 'micro_loan@1',
  title: { zh: '非标', en: 'x' },
  mark: 'S',
  type: 'quantitative',
  outcome: 'fired',
  tier: 'violation',
  value: 1.2,
  threshold: 1,
  unit: 'times',
  veto: false,
  explanation: '非标准化融资余额为净资产的1.2倍',
};

describe('watch lists', () => {
  it('should white-list four consecutive A periods and explain a blemish', () => {
    const good = ['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30'].map((d) => period(d, 5));
    expect(whiteListDecision(good)).toEqual({
      listed: true,
      reasons: ['连续 4 期评级为 A 且无预警、无规则触发(2026-03-31 至 2026-06-30)'],
    });
    const blemished = [...good.slice(0, 3), period('2026-06-30', 20)];
    expect(whiteListDecision(blemished)).toEqual({ listed: false, reasons: ['2026-06-30 评级 B'] });
    expect(whiteListDecision(good.slice(1)).listed).toBe(false);
  });

  it('should black-list a red firm, an open finding and a violation left for two periods', () => {
    expect(blackListDecision([period('2026-06-30', 95)], [], '2026-06-30').reasons).toEqual(['2026-06-30 红色预警']);
    expect(
      blackListDecision(
        [period('2026-06-30', 5)],
        [{ code: 'self_financing', confirmedAt: '2026-06-01' }],
        '2026-06-30',
      ).reasons,
    ).toEqual(['查实违规 自融 (2026-06-01)']);
    expect(
      blackListDecision(
        [period('2026-06-30', 5)],
        [{ code: 'self_financing', confirmedAt: '2026-06-01', closedAt: '2026-06-20' }],
        '2026-06-30',
      ).listed,
    ).toBe(false);
    const twice = [period('2026-05-31', 30, [violation]), period('2026-06-30', 30, [violation])];
    expect(blackListDecision(twice, [], '2026-06-30').reasons).toEqual(['超限违规 MC-01 连续 2 期未整改']);
    expect(blackListDecision(twice.slice(1), [], '2026-06-30').listed).toBe(false);
  });
});
