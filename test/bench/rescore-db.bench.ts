// Full re-score of 10,000 firms from PostgreSQL: history reads, features, rules, model, ranking,
// lists and persisting assessments with their evidence leaves, against the 2 s target.
import { createHash, randomUUID } from 'node:crypto';
import { DynamicModule, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/platform/config/config';
import { ConfigModule } from '../../src/platform/config/config.module';
import { DatabaseModule } from '../../src/platform/database/database.module';
import { MetricsModule } from '../../src/platform/metrics/metrics.module';
import type { FirmHistory } from '../../src/scoring/features/firm-history';
import { ScoringModule } from '../../src/scoring/scoring.module';
import { AlertsAssessmentListener } from '../../src/alerts/assessment-signals';
import { FirmChangesConsumer } from '../../src/scoring/partitioned/firm-changes.consumer';
import type { FirmStateCache } from '../../src/scoring/partitioned/firm-state-cache';
import { ScoringService, type RescoreSummary } from '../../src/scoring/scoring.service';
import {
  ASSESSMENT_COLUMNS,
  insertAssessments,
  type AssessmentRecord,
} from '../../src/scoring/persistence/assessment-records';
import { HistoryLoader } from '../../src/scoring/persistence/history-loader';
import { listStandings, recentAssessments } from '../../src/scoring/persistence/scoring-reads';
import { loadCrossFirmContext } from '../../src/scoring/persistence/scoring-sources';
import { syntheticHistories } from './scoring.bench';
import { describeCpu, startCpuMeter, tableRow } from './cpu-meter';
import { benchDatabase, rate } from './support';

const pctOf = (n: number, s: RescoreSummary): string => `${((n / s.ms.total) * 100).toFixed(0)} %`;

const TARGET_MS = 2_000;
const ASOF = '2026-07-10';
const REGIONS = ['330102', '330105', '330106', '330108', '330110'];

@Module({})
export class RescoreBenchModule {
  static forRoot(url: string, batchSize: string): DynamicModule {
    const config = loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'text',
      DEMO_DATA: 'false',
      ROLE: 'api',
      SCORING_BATCH_SIZE: batchSize,
    });
    return {
      module: RescoreBenchModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(url, false),
        MetricsModule,
        ScoringModule.forRoot('api', AlertsAssessmentListener),
      ],
    };
  }
}

/** Seeds firms and their records straight into the tables (the intake path has its own benchmark). */
export async function seed(url: string, histories: FirmHistory[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const firms = histories.map((h, i) => ({
      id: randomUUID(),
      credit_code: h.firm.creditCode,
      name: `基准机构${i}`,
      kind: h.firm.kind,
      region_code: REGIONS[i % REGIONS.length],
    }));
    await client.query(
      `INSERT INTO firms (id, credit_code, name, kind, region_code) SELECT id, credit_code, name, kind::firm_kind, region_code FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, credit_code text, name text, kind text, region_code text)`,
      [JSON.stringify(firms)],
    );
    const rows: object[] = [];
    histories.forEach((h, i) => {
      const add = (kind: string, key: string, asOf: string, payload: object) =>
        rows.push({
          kind,
          firm_id: firms[i].id,
          submission_id: key,
          business_key: key,
          as_of: asOf,
          payload,
          content_hash: createHash('sha256').update(JSON.stringify(payload)).digest('hex'),
        });
      const reportKind =
        h.firm.kind === 'p2p_lending'
          ? 'p2p_report'
          : h.firm.kind === 'micro_loan'
            ? 'micro_loan_report'
            : 'guarantee_report';
      for (const r of h.reports) add(reportKind, `monthly:${r.periodStart}:${r.periodEnd}`, r.periodEnd, r);
      for (const e of h.court) add('court_event', e.eventId, e.occurredAt, e);
      for (const e of h.socialSecurity)
        add('social_security_event', `${e.eventId}-${i}`, e.occurredAt, { ...e, eventId: `${e.eventId}-${i}` });
      for (const s of h.sentiment)
        add('sentiment_item', `${s.itemId}-${i}`, s.publishedAt.slice(0, 10), {
          ...s,
          itemId: `${s.itemId}-${i}`,
          sentimentScore: undefined,
        });
    });
    for (let i = 0; i < rows.length; i += 5000) {
      await client.query(
        `INSERT INTO ingest_records (kind, firm_id, submission_id, business_key, version, as_of, source, source_ref, payload, content_hash)
         SELECT kind, firm_id, submission_id, business_key, 1, as_of, 'http', 'bench', payload, decode(content_hash, 'hex')
           FROM jsonb_to_recordset($1::jsonb) AS r(kind text, firm_id uuid, submission_id text, business_key text, as_of date, payload jsonb, content_hash text)`,
        [JSON.stringify(rows.slice(i, i + 5000))],
      );
    }
    await client.query('ANALYZE');
    return rows.length;
  } finally {
    await client.end();
  }
}

function line(label: string, s: RescoreSummary): string {
  const ms = s.ms;
  const pct = (n: number) => `${((n / ms.total) * 100).toFixed(0)}%`;
  return `  ${label}: ${ms.total.toFixed(0)} ms for ${s.assessed.toLocaleString('en-US')} firms (${rate(s.assessed, ms.total)}), target ${TARGET_MS} ms, ratio ${(ms.total / TARGET_MS).toFixed(2)}
    reads ${ms.load.toFixed(0)} ms (${pct(ms.load)}), features + rules + model + ranking + lists ${ms.score.toFixed(0)} ms (${pct(ms.score)}), persist assessments + leaves ${ms.persist.toFixed(0)} ms (${pct(ms.persist)}); tiers ${JSON.stringify(s.byTier)}`;
}

/** The same firm re-scored by a scoring replica that holds every firm in memory (the change feed's path). */
async function fromMemory(cache: FirmStateCache, scoring: ScoringService, firmId: string): Promise<void> {
  let t = performance.now();
  await cache.retain(() => true);
  console.log(
    `  replica state: ${cache.size.toLocaleString('en-US')} firms loaded in ${(performance.now() - t).toFixed(0)} ms (what a partition assignment costs)`,
  );
  const runs: Array<RescoreSummary['ms']> = [];
  for (let change = 1; change <= 21; change++) {
    t = performance.now();
    await cache.refresh([firmId], []);
    const refresh = performance.now() - t;
    const s = await scoring.rescoreChanges(new Map([[firmId, change]]), cache, ASOF);
    if (change > 1) runs.push({ ...s.ms, load: s.ms.load + refresh, total: s.ms.total + refresh }); // the first reads the context
  }
  const median = (pick: (ms: RescoreSummary['ms']) => number) =>
    runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  console.log(
    `  incremental re-score of 1 firm from a replica's memory (median of ${runs.length}): ${median((m) => m.total).toFixed(1)} ms, target 20 ms, ratio ${(median((m) => m.total) / 20).toFixed(2)}; ` +
      `reads ${median((m) => m.load).toFixed(1)} ms, score ${median((m) => m.score).toFixed(1)} ms, persist ${median((m) => m.persist).toFixed(1)} ms`,
  );
}

/**
 * What a full re-score's CPU per firm is made of: its reads and its write, each measured alone
 * (service and PostgreSQL backends), the rest being features, rules, model, ranking and lists.
 */
async function costPerFirm(app: INestApplicationContext, url: string, firms: number): Promise<void> {
  const loader = app.get(HistoryLoader);
  const ds = app.get(DataSource);
  const scored = await loader.firms();
  const ids = scored.map((f) => f.id);
  const part = async (label: string, work: () => Promise<unknown>) => {
    const meter = await startCpuMeter(url);
    await work();
    console.log(`    ${label}: ${describeCpu(await meter.stop(), firms, 'firm')}`);
  };
  console.log('  where the CPU per firm goes (each part measured alone):');
  await part('histories (records of every kind, one query per kind)', () => loader.histories(scored, ASOF));
  await part('cross-firm context (market, latest assessments, relations, guarantees)', () =>
    loadCrossFirmContext(loader, ds, ASOF, async (_part, work) => work()),
  );
  await part('list inputs (last 3 assessments, standings)', () =>
    Promise.all([recentAssessments(ds.manager, ids, 3), listStandings(ds.manager, ids)]),
  );
  const stored: AssessmentRecord[] = await ds.query(
    `SELECT ${ASSESSMENT_COLUMNS}, a.features FROM assessments a ORDER BY a.assessed_at DESC LIMIT $1`,
    [firms],
  );
  const records = stored.map((r) => ({ ...r, id: randomUUID(), assessedAt: new Date().toISOString() }));
  await part('persist (canonical text, hash, COPY of assessments and leaves)', () =>
    ds.transaction((m) => insertAssessments(m, records)),
  );
}

/** npm run bench -- rescore-db */
export async function run(): Promise<void> {
  const db = await benchDatabase('rescore');
  try {
    const histories = syntheticHistories();
    let t = performance.now();
    const records = await seed(db.url, histories);
    console.log(
      `rescore-db bench: seeded ${histories.length.toLocaleString('en-US')} firms, ${records.toLocaleString('en-US')} records in ${(performance.now() - t).toFixed(0)} ms`,
    );
    for (const batch of ['2000', '10000']) {
      const app = await NestFactory.createApplicationContext(RescoreBenchModule.forRoot(db.url, batch), {
        logger: ['error', 'warn'],
      });
      const scoring = app.get(ScoringService);
      t = performance.now();
      const first = await scoring.rescoreAll('full', ASOF); // loads the model and the packs, JIT warm-up
      console.log(
        line(
          `first full re-score, batch ${batch} (incl. model load ${(performance.now() - t - first.ms.total).toFixed(0)} ms outside)`,
          first,
        ),
      );
      let meter = await startCpuMeter(db.url);
      const second = await scoring.rescoreAll('full', ASOF);
      let cpu = await meter.stop();
      console.log(line(`second full re-score, batch ${batch}`, second));
      console.log(`    ${describeCpu(cpu, second.assessed, 'firm')}`);
      console.log(
        tableRow(
          `full re-score of 10,000 firms from PostgreSQL (\`rescore-db\`, batch ${batch})`,
          `${(second.ms.total / 1000).toFixed(1)} s (reads ${pctOf(second.ms.load, second)}, persist ${pctOf(second.ms.persist, second)}); CPU ${((cpu.processMs + cpu.postgresMs) / 1000).toFixed(1)} s`,
          '< 2 s',
          second.ms.total / TARGET_MS,
          `load ${cpu.load.mean.toFixed(1)}`,
        ),
      );
      const [{ id }] = (await app.get(DataSource).query('SELECT id FROM firms ORDER BY credit_code LIMIT 1')) as Array<{
        id: string;
      }>;
      meter = await startCpuMeter(db.url);
      const one = await scoring.rescore([id], 'ingest', ASOF);
      cpu = await meter.stop();
      console.log(
        `  incremental re-score of 1 firm (ranking across all, propagation, lists): ${one.ms.total.toFixed(0)} ms (reads ${one.ms.load.toFixed(0)} ms); ${describeCpu(cpu, 1, 'firm', 'ms')}`,
      );
      console.log(
        tableRow(
          'incremental re-score of one firm (`rescore-db`)',
          `${one.ms.total.toFixed(0)} ms, of which reads ${one.ms.load.toFixed(0)} ms`,
          '< 20 ms',
          one.ms.total / 20,
          `load ${cpu.load.mean.toFixed(1)}`,
        ),
      );
      if (batch === '2000') await fromMemory(app.get(FirmChangesConsumer).cache, scoring, id);
      else await costPerFirm(app, db.url, histories.length);
      await app.close();
    }
  } finally {
    await db.drop();
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
