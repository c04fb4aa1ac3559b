import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { setBulkMode } from '../../src/platform/database/bulk-insert';
import { AssessmentLz41764100900000 } from '../../src/platform/database/migrations/1764100900000-assessment-lz4';
import { FEATURE_NAMES } from '../../src/scoring/features/feature-catalogue';
import type { AssessmentExplanation } from '../../src/scoring/grading/composite-score';
import { insertAssessments, type AssessmentRecord } from '../../src/scoring/persistence/assessment-records';
import { SCORING_LEAF_KINDS } from '../../src/scoring/persistence/scoring-evidence-kinds';
import { IdentityHasher } from '../../src/ingest/intake/identity-hasher';
import type { GuaranteeReport } from '../../src/ingest/schemas/records';
import { guaranteeReport } from '../../src/scoring/features/firm-history.factory';
import { HistoryLoader } from '../../src/scoring/persistence/history-loader';
import { createTestDatabase } from '../support/database';

// Assessments are serialised once (canonical text hashed and stored as the jsonb text): the leaf
// of every row must still be what the tamper scan's re-hasher computes from the row read back,
// through COPY (32 rows and more) and through the INSERT fallback alike.
const EXPLANATION = {
  rulesFired: [],
  noData: [{ ruleId: 'EW-01', missingFeatures: ['p2p_overdue_rate'] }],
  tierReasons: ['综合风险分 "30.5" 落入blue区间\t\\'],
  model: {
    version: 'v1',
    probability: 0.25,
    topContributions: [{ feature: 'leverage', value: -0, contribution: 1e-7 }],
  },
  manual: { set: null, adjustments: [], superseded: [] },
  propagation: [],
  insiderLending: undefined, // not stored, as jsonb would drop it
} as unknown as AssessmentExplanation;

function record(firmId: string, i: number): AssessmentRecord {
  const features = Object.fromEntries(
    FEATURE_NAMES.map((n, j) => [n, j % 3 === 0 ? null : j % 3 === 1 ? j / 7 : true]),
  );
  if (i === 0) features.leverage = NaN; // stored as null
  return {
    id: randomUUID(),
    firmId,
    asOf: '2026-07-10',
    assessedAt: new Date(Date.UTC(2026, 6, 10, 2, 0, i)).toISOString(),
    riskScore: '30.5',
    ruleScore: '0.0',
    modelScore: '50.0',
    modelProbability: '0.250000',
    machineScore: '50.0',
    qualityScore: '100.0',
    grade: 'A',
    tier: 'blue',
    scoreTier: 'blue',
    ruleTier: 'none',
    rank: i + 1,
    rankedFirms: 40,
    packVersions: ['p2p_lending@1', 'public_data@1'],
    modelVersion: 'v1',
    explanation: EXPLANATION,
    features,
    trigger: 'full',
  };
}

describe('assessment persistence', () => {
  let db: DataSource;
  let drop: () => Promise<void>;
  let firmId: string;

  beforeAll(async () => {
    const created = await createTestDatabase();
    drop = created.drop;
    db = await new DataSource({ type: 'postgres', url: created.url }).initialize();
    [{ id: firmId }] = await db.query(
      `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ('91330100MA00000098', '持久化平台', 'p2p_lending', '330100') RETURNING id`,
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it.each(['copy', 'insert'] as const)(
    'should store leaves the re-hasher verifies from the rows read back (%s)',
    async (mode) => {
      setBulkMode(db, mode);
      const records = Array.from({ length: 40 }, (_, i) => record(firmId, i));
      await db.transaction((m) => insertAssessments(m, records));
      const leaves: Array<{ record_id: string; content_hash: Buffer }> = await db.query(
        `SELECT record_id, content_hash FROM evidence_leaves WHERE record_kind = 'assessment' AND record_id = ANY($1::text[])`,
        [records.map((r) => r.id)],
      );
      const rehasher = SCORING_LEAF_KINDS.find((k) => k.name === 'assessment')!.rehasher;
      const rehashed = await rehasher(
        db.manager,
        records.map((r) => r.id),
      );
      expect(leaves).toHaveLength(40);
      for (const leaf of leaves)
        expect(Buffer.from(rehashed.get(leaf.record_id)!).toString('hex')).toBe(leaf.content_hash.toString('hex'));
      const [stored] = await db.query(`SELECT features, explanation FROM assessments WHERE id = $1`, [records[0].id]);
      expect(stored.features.leverage).toBeNull();
      expect(stored.explanation).toEqual(JSON.parse(JSON.stringify(EXPLANATION)));
    },
  );

  it('should compress the explanation and the features with lz4', async () => {
    const compression = async () =>
      (await db.query(
        `SELECT attname, attcompression FROM pg_attribute WHERE attrelid = 'assessments'::regclass AND attname IN ('explanation', 'features') ORDER BY attname`,
      )) as Array<{ attname: string; attcompression: string }>;
    expect(await compression()).toEqual([
      { attname: 'explanation', attcompression: 'l' },
      { attname: 'features', attcompression: 'l' },
    ]);
    const runner = db.createQueryRunner();
    try {
      await new AssessmentLz41764100900000().down(runner);
      expect((await compression()).map((c) => c.attcompression)).toEqual(['p', 'p']);
      await new AssessmentLz41764100900000().up(runner);
      expect((await compression()).map((c) => c.attcompression)).toEqual(['l', 'l']);
    } finally {
      await runner.release();
    }
  });

  it('should read the histories of many firms (more sort memory, in a transaction of its own) as of a few, corrections included', async () => {
    const firms: Array<{
      id: string;
      creditCode: string;
      kind: 'financing_guarantee';
      regionCode: string;
      name: string;
    }> = await db.query(
      `INSERT INTO firms (credit_code, name, kind, region_code)
         SELECT '91330100MB' || lpad(i::text, 7, '0') || 'X', '读取' || i, 'financing_guarantee', '330100' FROM generate_series(1, 600) i
         RETURNING id, credit_code AS "creditCode", kind, region_code AS "regionCode", name`,
    );
    const rows = firms.flatMap((f, i) =>
      ['2026-05-31', '2026-06-30'].map((end) => ({
        firmId: f.id,
        end,
        version: 1,
        payload: guaranteeReport({ compensation: `${i}.00` }, end, f.creditCode),
      })),
    );
    rows.push({ ...rows[1], version: 2, payload: { ...rows[1].payload, compensation: '999.00' } }); // a correction
    await db.query(
      `INSERT INTO ingest_records (kind, firm_id, submission_id, business_key, version, as_of, source, source_ref, payload, content_hash)
       SELECT 'guarantee_report', r."firmId", 'sub-' || r."end" || '-' || r.version, 'monthly:' || r."end", r.version, r."end"::date, 'http', 'test', r.payload, '\\x00'::bytea
         FROM jsonb_to_recordset($1::jsonb) AS r("firmId" uuid, "end" text, version int, payload jsonb)`,
      [JSON.stringify(rows)],
    );
    const loader = new HistoryLoader(db, new IdentityHasher(Buffer.alloc(32, 7)));
    const many = await loader.histories(firms, '2026-07-10');
    const few = await loader.histories(firms.slice(0, 3), '2026-07-10');
    expect(many.slice(0, 3)).toEqual(few);
    expect(many.map((h) => h.reports.length)).toEqual(firms.map(() => 2));
    expect(many[0].reports.map((r) => (r as GuaranteeReport).compensation)).toEqual(['0.00', '999.00']);
    expect(many[599].reports.map((r) => (r as GuaranteeReport).compensation)).toEqual(['599.00', '599.00']);
    // The larger sort memory was the read's own: the pool's sessions keep the server's default.
    const settings: Array<{ work_mem: string }> = await Promise.all(
      Array.from({ length: 4 }, async () => (await db.query(`SHOW work_mem`))[0] as { work_mem: string }),
    );
    expect(new Set(settings.map((r) => r.work_mem)).has('32MB')).toBe(false);
  });
});
