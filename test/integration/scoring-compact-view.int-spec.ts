import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CompactAssessmentView1764100800000 } from '../../src/platform/database/migrations/1764100800000-compact-assessment-view';
import type { AssessmentExplanation } from '../../src/scoring/grading/composite-score';
import { insertAssessments, type AssessmentRecord } from '../../src/scoring/persistence/assessment-records';
import { latestAssessments, recentAssessments } from '../../src/scoring/persistence/scoring-reads';
import { createTestDatabase } from '../support/database';

// Cross-firm reads take the fired rules and propagation flags from their own columns, written
// with each assessment (and filled in by the migration for assessments stored before it).
const EXPLANATION: AssessmentExplanation = {
  rulesFired: [
    {
      ruleId: 'P2P-07',
      pack: 'p2p_lending@1',
      title: { zh: '期限错配', en: 'Term mismatch' },
      mark: 'S',
      tier: 'red',
      value: true,
      threshold: true,
      unit: 'boolean',
      veto: true,
      explanation: '长标拆短，红色',
    },
    {
      ruleId: 'P2P-02',
      pack: 'p2p_lending@1',
      title: { zh: '逾期率', en: 'Overdue rate' },
      mark: 'S',
      tier: 'violation',
      value: 0.31,
      threshold: 0.2,
      unit: 'ratio',
      veto: false,
      explanation: '逾期率 31%',
    },
  ] as AssessmentExplanation['rulesFired'],
  noData: [],
  tierReasons: ['规则 P2P-07 红色'],
  model: null,
  manual: { set: null, adjustments: [], superseded: [] },
  propagation: [{ fromFirm: '91330100MA00000001', path: '实际控制人 张某 同为 红色平台 的实际控制人' }],
};
const COMPACT = [
  { ruleId: 'P2P-07', tier: 'red', veto: true, title: { zh: '期限错配', en: 'Term mismatch' } },
  { ruleId: 'P2P-02', tier: 'violation', veto: false, title: { zh: '逾期率', en: 'Overdue rate' } },
];

function record(firmId: string, asOf: string): AssessmentRecord {
  return {
    id: randomUUID(),
    firmId,
    asOf,
    assessedAt: new Date().toISOString(),
    riskScore: '88.0',
    ruleScore: '90.0',
    modelScore: null,
    modelProbability: null,
    machineScore: '90.0',
    qualityScore: '10.0',
    grade: 'D',
    tier: 'red',
    scoreTier: 'red',
    ruleTier: 'red',
    rank: 1,
    rankedFirms: 1,
    packVersions: ['p2p_lending@1'],
    modelVersion: null,
    explanation: EXPLANATION,
    features: { p2p_term_mismatch: true },
    trigger: 'full',
  };
}

describe('compact assessment view', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let firmId: string;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await new DataSource({ type: 'postgres', url: created.url }).initialize();
    [{ id: firmId }] = await db.query(
      `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ('91330100MA00000099', '紧凑视图平台', 'p2p_lending', '330100') RETURNING id`,
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('should store the fired rules and propagation flags in their columns and read them from there', async () => {
    await db.transaction((m) => insertAssessments(m, [record(firmId, '2026-05-31'), record(firmId, '2026-06-30')]));
    const [row] = await db.query(`SELECT rules_fired, propagation FROM assessments WHERE firm_id = $1 LIMIT 1`, [
      firmId,
    ]);
    expect(row).toEqual({ rules_fired: COMPACT, propagation: EXPLANATION.propagation });
    const latest = (await latestAssessments(db.manager, [firmId])).get(firmId)!;
    expect(latest).toMatchObject({
      asOf: '2026-06-30',
      tier: 'red',
      rulesFired: COMPACT,
      propagation: EXPLANATION.propagation,
    });
    const recent = (await recentAssessments(db.manager, [firmId], 3)).get(firmId)!;
    expect(recent.map((a) => a.explanation.rulesFired)).toEqual([COMPACT, COMPACT]);
  });

  it('should fill the columns in from the explanation for assessments stored before the migration', async () => {
    const migration = new CompactAssessmentView1764100800000();
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
      const old = record(firmId, '2026-07-31');
      await runner.query(
        `INSERT INTO assessments (id, firm_id, as_of, assessed_at, risk_score, rule_score, machine_score, quality_score, grade, tier, score_tier, rule_tier, rank, ranked_firms, pack_versions, explanation, features, trigger)
         VALUES ($1, $2, $3, $4, 88, 90, 90, 10, 'D', 'red', 'red', 'red', 1, 1, '[]', $5, '{}', 'full')`,
        [
          old.id,
          firmId,
          old.asOf,
          old.assessedAt,
          JSON.stringify({ ...EXPLANATION, rulesFired: EXPLANATION.rulesFired.slice(0, 1), propagation: undefined }),
        ],
      );
      await migration.up(runner);
      const [row] = await runner.query(`SELECT rules_fired, propagation FROM assessments WHERE id = $1`, [old.id]);
      expect(row).toEqual({ rules_fired: COMPACT.slice(0, 1), propagation: [] });
      // Still append-only afterwards.
      await expect(runner.query(`UPDATE assessments SET grade = 'A' WHERE id = $1`, [old.id])).rejects.toThrow();
    } finally {
      await runner.release();
    }
  });
});
