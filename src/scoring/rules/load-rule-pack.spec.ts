import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RulePackInvalid } from '../scoring.errors';
import { BUNDLED_PACKS_DIR, loadRulePacks, parseRulePack } from './load-rule-pack';
import { regulationId } from './rule-pack';

// Every id of docs/regulations.md; a pack that drops one fails here.
const REGULATION_IDS = [
  ...Array.from({ length: 9 }, (_, i) => `P2P-0${i + 1}`),
  ...Array.from({ length: 10 }, (_, i) => `EW-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 10 }, (_, i) => `MC-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 10 }, (_, i) => `FG-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 6 }, (_, i) => `PD-0${i + 1}`),
];

const p2pText = readFileSync(join(BUNDLED_PACKS_DIR, 'p2p_lending.v1.yaml'), 'utf8');

function problemsOf(text: string, source = 'candidate.yaml'): string[] {
  try {
    parseRulePack(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(RulePackInvalid);
    return (error as RulePackInvalid).problems.map((p) => p.detail);
  }
  throw new Error('expected the pack to be rejected');
}

describe('parseRulePack', () => {
  it('should load the four bundled packs covering every regulation id', () => {
    const packs = loadRulePacks(BUNDLED_PACKS_DIR);
    expect(packs.map((p) => `${p.pack}@${p.version}`).sort()).toEqual([
      'financing_guarantee@1',
      'micro_loan@1',
      'p2p_lending@1',
      'public_data@1',
    ]);
    const covered = new Set(packs.flatMap((p) => p.rules.map((r) => regulationId(r.id))));
    expect(REGULATION_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('should name the rule id and field when a threshold is not a number', () => {
    const bad = p2pText.replace('thresholds: { violation: 200000 }', 'thresholds: { violation: lots }');
    expect(problemsOf(bad)).toEqual([expect.stringContaining('rule P2P-01, field thresholds/violation')]);
  });

  it('should name the rule id when a metric reads an unknown feature', () => {
    const bad = p2pText.replace('metric: p2p_top10_share', 'metric: p2p_top11_share');
    expect(problemsOf(bad)).toEqual([
      expect.stringMatching(/rule EW-02\/top10, field metric: unknown feature "p2p_top11_share"/),
    ]);
  });

  it('should reject a metric that does not parse', () => {
    const bad = p2pText.replace('metric: p2p_compensation', 'metric: p2p_compensation >');
    expect(problemsOf(bad)[0]).toMatch(/rule EW-08, field metric: expression does not parse/);
  });

  it('should reject thresholds that get looser with severity', () => {
    const bad = p2pText.replace(
      'thresholds: { yellow: 0.05, orange: 0.10, red: 0.20 }',
      'thresholds: { yellow: 0.05, orange: 0.30, red: 0.20 }',
    );
    expect(problemsOf(bad)[0]).toMatch(/rule EW-01, field thresholds: red \(0.2\) must be above orange \(0.3\)/);
  });

  it('should require the tier of a qualitative rule and reject unknown fields', () => {
    const bad = p2pText.replace(
      '    tier: violation\n    veto: false\n    explanation: 未落实',
      '    severity: high\n    veto: false\n    explanation: 未落实',
    );
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rule P2P-05, field tier: is required'),
        expect.stringContaining('rule P2P-05, field severity: is not a known field'),
      ]),
    );
  });

  it('should reject a duplicate rule id and an unknown placeholder', () => {
    const bad = p2pText
      .replace('id: P2P-02', 'id: P2P-01')
      .replace('超过上限{threshold}\n  - id: P2P-03', '超过上限{limit}\n  - id: P2P-03');
    expect(problemsOf(bad)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rule P2P-01, field id: duplicate'),
        expect.stringContaining('unknown placeholder {limit}'),
      ]),
    );
  });

  it('should require the file name to carry the pack and version', () => {
    expect(problemsOf(p2pText, '/packs/p2p_lending.v2.yaml')[0]).toMatch(/file name must be p2p_lending.v1.yaml/);
  });
});
