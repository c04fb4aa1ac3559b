import { join } from 'node:path';
import { firmHistory, guaranteeReport } from '../features/firm-history.factory';
import { dryRun } from './dry-run';
import { BUNDLED_PACKS_DIR, loadRulePackFile, parseRulePack } from './load-rule-pack';
import { readFileSync } from 'node:fs';

describe('dryRun', () => {
  const file = join(BUNDLED_PACKS_DIR, 'financing_guarantee.v1.yaml');
  const active = loadRulePackFile(file);
  // Candidate v2 lowers the FG-01 limit from 10x to 5x: the sample firms at 5.3x and 11.3x.
  const candidate = parseRulePack(
    readFileSync(file, 'utf8')
      .replace('version: 1', 'version: 2')
      .replace('thresholds: { violation: 10 }', 'thresholds: { violation: 5 }'),
    'financing_guarantee.v2.yaml',
  );
  const histories = [
    {
      ...firmHistory('financing_guarantee'),
      firm: { id: 'g-ok', creditCode: 'G1', kind: 'financing_guarantee' as const, regionCode: '310101' },
    },
    firmHistory('financing_guarantee', [
      guaranteeReport({
        guaranteeLiability: {
          smallMicroAndFarmers: '800000000.00',
          housing: '0',
          bondsAaPlus: '0',
          other: '2800000000.00',
        },
        claimsReserve: '40000000.00',
      }),
    ]),
    firmHistory('p2p_lending'), // not of the pack's kind: skipped
  ];

  it('should compare tier counts and rule firing of a candidate pack with the active one', () => {
    const report = dryRun(candidate, active, histories, ['2026-07-10']);
    expect(report).toMatchObject({ active: 'financing_guarantee@1', candidate: 'financing_guarantee@2', points: 2 });
    expect(report.tiers.active).toMatchObject({ none: 1, yellow: 1 });
    expect(report.tiers.candidate).toMatchObject({ none: 0, yellow: 2 });
    expect(report.rules[0]).toEqual({
      ruleId: 'FG-01',
      activeFired: 1,
      candidateFired: 2,
      activeNoData: 0,
      candidateNoData: 0,
    });
    expect(report.changes).toEqual([{ firmId: 'g-ok', asOf: '2026-07-10', from: 'none', to: 'yellow' }]);
  });

  it('should dry-run a brand-new pack with no active one', () => {
    const report = dryRun(candidate, null, histories, ['2026-07-10', '2026-08-10']);
    expect(report.active).toBeNull();
    expect(report.points).toBe(4);
  });
});
