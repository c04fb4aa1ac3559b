// 数据铁笼 benchmarks (docs/data-cage.md):
//  1. the indicators of 200 officials over one year of simulated actions and reads: the pure
//     computation, then end to end from PostgreSQL (IntegrityAnalysisService.indicators). Target < 2 s.
//  2. trace write overhead per API call: the same power route (issue a firm API key) with the power
//     interceptor tracing and with it passed through, interleaved in blocks in one run; p50/p99.
// Run: npm run bench -- cage (needs DATABASE_URL: eval "$(bash scripts/services.sh env)")
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { PowerInterceptor } from '../../src/api/cage/power.interceptor';
import { startApp } from '../../src/bootstrap';
import { IntegrityAnalysisService } from '../../src/cage/integrity-analysis.service';
import { ReadBatchesService } from '../../src/cage/read-batches.service';
import { READ_INDICATORS_SQL } from '../../src/cage/persistence/read-hours';
import { DataSource } from 'typeorm';
import { computeIndicators, type TracedAction, type TracedRead } from '../../src/cage/indicators/integrity-indicators';
import { bundledIntegrityThresholds, evaluateThresholds } from '../../src/cage/indicators/integrity-thresholds';
import { testConfig } from '../support/app';
import { loginToken } from '../support/auth';
import { registerExampleFirms } from '../support/ingest';
import { benchDatabase, percentile } from './support';

const OFFICIALS = 200;
const FIRMS = 300;
const ACTIONS_PER_DAY = 5;
const READS_PER_DAY = 20;
const DAYS = 365;
const CALLS = 400;
const BLOCK = 50;
// A year that has passed, so every read is sealed into the rollups as in service.
const YEAR_START = new Date('2025-01-01T00:00:00Z');

// The read aggregation before the rollups, for comparison.
const RAW_READS_SQL = `
  WITH hours AS (
    SELECT staff_id, floor(extract(epoch FROM at) / 3600)::bigint + 8 AS h, count(*) AS n FROM staff_access_log
     WHERE at >= $1 AND at < $2 AND region_code LIKE $3 AND outcome = 'allowed' AND firm_id IS NOT NULL AND staff_id IS NOT NULL GROUP BY 1, 2)
  SELECT staff_id, coalesce(sum(n) FILTER (WHERE h % 24 NOT BETWEEN 8 AND 19 OR (h / 24 + 4) % 7 IN (0, 6)), 0)::int, max(n)::int FROM hours GROUP BY 1`;

export async function run(): Promise<void> {
  Logger.overrideLogger(['error']);
  pure();
  const db = await benchDatabase('cage');
  try {
    await fromDatabase(db.url);
    await traceOverhead(db.url);
  } finally {
    await db.drop();
  }
}

/** Deterministic pseudo-random numbers, so runs compare. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function pure(): void {
  const random = lcg(42);
  const actions: TracedAction[] = [];
  const reads: TracedRead[] = [];
  for (let o = 0; o < OFFICIALS; o++) {
    for (let d = 0; d < DAYS; d++) {
      for (let i = 0; i < ACTIONS_PER_DAY; i++) {
        actions.push({
          actorId: `o${o}`,
          actorRole: o % 2 ? 'analyst' : 'county_officer',
          actorRegion: '330100',
          firmId: `f${Math.floor(random() * FIRMS)}`,
          powerId: random() < 0.2 ? 'manual_score.add' : 'alert.acknowledge',
          at: new Date(YEAR_START.getTime() + d * 86_400_000 + random() * 86_400_000),
          favourable: random() < 0.3,
        });
      }
      for (let i = 0; i < READS_PER_DAY; i++)
        reads.push({ staffId: `o${o}`, at: new Date(YEAR_START.getTime() + d * 86_400_000 + random() * 86_400_000) });
    }
  }
  const started = performance.now();
  const officials = computeIndicators(actions, reads, new Map());
  const firings = evaluateThresholds(officials, bundledIntegrityThresholds());
  const ms = performance.now() - started;
  console.log(
    `indicators, pure: ${OFFICIALS} officials, ${actions.length.toLocaleString('en')} actions, ${reads.length.toLocaleString('en')} reads over ${DAYS} days: ${ms.toFixed(0)} ms (${firings.length} firings; target < 2,000 ms)`,
  );
}

async function fromDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const loadStarted = performance.now();
    await client.query(`INSERT INTO firms (id, credit_code, name, kind, region_code)
      SELECT gen_random_uuid(), '91330106' || lpad(g::text, 10, '0'), '基准机构' || g, 'micro_loan', '330106' FROM generate_series(1, ${FIRMS}) g`);
    await client.query(
      `INSERT INTO power_traces (id, power_id, power_list_version, actor_id, actor_name, actor_role, actor_region, target_kind, target_id, firm_id, before, after, reason, method, path, exercised_at)
       WITH f AS (SELECT array_agg(id) AS ids FROM firms)
       SELECT gen_random_uuid(), CASE WHEN random() < 0.2 THEN 'manual_score.add' ELSE 'alert.acknowledge' END, 1, 'o' || (g % ${OFFICIALS}), '基准官员', 'analyst', '330100',
              'firm_manual_scores', NULL, f.ids[1 + ((g::bigint * 7919) % ${FIRMS})::int],
              '{"assessment": {"tier": "yellow", "riskScore": "62", "machineScore": "62"}}'::jsonb,
              jsonb_build_object('assessment', jsonb_build_object('tier', 'yellow', 'riskScore', (50 + random() * 20)::int::text, 'machineScore', '62')),
              NULL, 'POST', '/bench', $1::timestamptz + (g::float / ${OFFICIALS * ACTIONS_PER_DAY * DAYS}) * interval '365 days'
         FROM generate_series(1, ${OFFICIALS * ACTIONS_PER_DAY * DAYS}) g, f`,
      [YEAR_START],
    );
    await client.query(
      `INSERT INTO staff_access_log (at, staff_id, username, role, region_code, method, path, firm_id, outcome)
       SELECT $1::timestamptz + (g::float / ${OFFICIALS * READS_PER_DAY * DAYS}) * interval '365 days', 'o' || (g % ${OFFICIALS}), 'bench', 'analyst', '330100', 'GET', '/bench',
              (SELECT id FROM firms LIMIT 1), 'allowed'
         FROM generate_series(1, ${OFFICIALS * READS_PER_DAY * DAYS}) g`,
      [YEAR_START],
    );
    await client.query('ANALYZE');
    console.log(
      `loaded ${(OFFICIALS * ACTIONS_PER_DAY * DAYS).toLocaleString('en')} traces and ${(OFFICIALS * READS_PER_DAY * DAYS).toLocaleString('en')} reads in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
    );
  } finally {
    await client.end();
  }
  const app = await startApp(testConfig({ DATABASE_URL: url, ROLE: 'api' }));
  try {
    // The reads go through the read batches as in service, which keep the hourly rollup.
    const sealStarted = performance.now();
    let sealed = 0;
    for (let n = 1; n > 0; sealed += n) n = await app.app.get(ReadBatchesService).seal(new Date());
    console.log(
      `sealed ${sealed.toLocaleString('en')} reads into read batches and the hourly rollup in ${((performance.now() - sealStarted) / 1000).toFixed(1)} s`,
    );
    const analysis = app.app.get(IntegrityAnalysisService);
    const end = new Date(YEAR_START.getTime() + DAYS * 86_400_000);
    for (const round of [1, 2]) {
      const started = performance.now();
      const { officials, firings } = await analysis.indicators(YEAR_START, end);
      console.log(
        `indicators from PostgreSQL (run ${round}): ${officials.length} officials over one year: ${(performance.now() - started).toFixed(0)} ms (${firings.length} firings; target < 2,000 ms)`,
      );
    }
    // The reads alone, same run: from the rollups vs aggregating the raw access log per hour (the query before the rollups).
    const dataSource = app.app.get(DataSource);
    const timed = async (what: string, sql: string) => {
      const started = performance.now();
      await dataSource.transaction(async (m) => {
        await m.query('SET LOCAL jit = off');
        await m.query(sql, [YEAR_START, end, '%']);
      });
      console.log(`reads of 200 officials over one year, ${what}: ${(performance.now() - started).toFixed(0)} ms`);
    };
    await timed('from the rollups', READ_INDICATORS_SQL);
    await timed('from the raw access log', RAW_READS_SQL);
  } finally {
    await app.close();
  }
}

async function traceOverhead(url: string): Promise<void> {
  const app = await startApp(testConfig({ DATABASE_URL: url, ROLE: 'api' }));
  try {
    await seedDemoStaff(app.app.get(StaffDirectoryService));
    const firms = await registerExampleFirms(app.app);
    const token = await loginToken(app.url, 'demo.admin', DEMO_STAFF_PASSWORD);
    const original = PowerInterceptor.prototype.intercept;
    const passThrough: typeof original = (_context, next) => next.handle();
    const timings: Record<'traced' | 'untraced', number[]> = { traced: [], untraced: [] };
    for (let block = 0; block < (2 * CALLS) / BLOCK; block++) {
      const mode = block % 2 === 0 ? 'traced' : 'untraced';
      PowerInterceptor.prototype.intercept = mode === 'traced' ? original : passThrough;
      for (let i = 0; i < BLOCK; i++) {
        const started = performance.now();
        const answer = await fetch(`${app.url}/v1/admin/firms/${firms.p2p.creditCode}/api-keys`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'x-power-reason': encodeURIComponent('基准'),
          },
          body: JSON.stringify({ label: `bench-${block}-${i}` }),
        });
        await answer.arrayBuffer();
        if (answer.status !== 201) throw new Error(`issue key: ${answer.status}`);
        timings[mode].push(performance.now() - started);
      }
    }
    PowerInterceptor.prototype.intercept = original;
    for (const mode of ['untraced', 'traced'] as const) {
      const sorted = [...timings[mode]].sort((a, b) => a - b);
      console.log(
        `POST api-keys ${mode.padEnd(8)}: ${sorted.length} calls, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`,
      );
    }
    const p = (mode: 'traced' | 'untraced', q: number) =>
      percentile(
        [...timings[mode]].sort((a, b) => a - b),
        q,
      );
    console.log(
      `trace overhead per call: p50 +${(p('traced', 50) - p('untraced', 50)).toFixed(1)} ms, p99 +${(p('traced', 99) - p('untraced', 99)).toFixed(1)} ms`,
    );
  } finally {
    await app.close();
  }
}
