import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import type { StreamedReport } from '../../src/ingest/simulator/report-stream';
import { migrate } from '../../src/platform/database/migrate';

/** The real services' environment: from the shell, else from `.services/env` written by services.sh up. */
export function serviceEnv(): Record<string, string> {
  const file = path.resolve(__dirname, '..', '..', '.services', 'env');
  const env: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^export (\w+)=(.*)$/.exec(line.trim());
      if (m) env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
    }
  }
  for (const key of ['DATABASE_URL', 'KAFKA_BROKERS', 'COMETBFT_RPC', 'COMETBFT_GENESIS', 'COMETBFT_REGULATOR_KEY'])
    if (process.env[key]) env[key] = process.env[key]!;
  // Tuning knobs to compare settings in one session, e.g. KAFKA_FETCH_PARTITION_BYTES=1048576.
  for (const [key, value] of Object.entries(process.env))
    if (/^(KAFKA_(FETCH|SESSION)_|INGEST_KAFKA_)/.test(key) && value) env[key] = value;
  if (!env.DATABASE_URL) throw new Error('benchmarks need the real services: run `npm run services -- up` first');
  return env;
}

/** A new migrated database for one benchmark; drop() removes it. */
export async function benchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = serviceEnv().DATABASE_URL;
  const db = `risk_bench_${name}_${Date.now()}`;
  const run = (sql: string) => query(admin, sql);
  await run(`CREATE DATABASE ${db}`);
  const u = new URL(admin);
  u.pathname = `/${db}`;
  await migrate(u.toString());
  return { url: u.toString(), drop: async () => void (await run(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

export function rate(count: number, ms: number): string {
  return `${Math.round(count / (ms / 1000)).toLocaleString('en')}/s`;
}

/** One query on a connection of its own (the app under test is started and stopped around it). */
export async function query(url: string, sql: string, params: unknown[] = []): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls every 250 ms (or `everyMs`) until the check holds; throws naming what it waited for after the timeout. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const KIND_OF_REPORT = {
  p2p_report: 'p2p_lending',
  micro_loan_report: 'micro_loan',
  guarantee_report: 'financing_guarantee',
} as const;

/** Registers the firms of the simulator's report stream in one statement (region from the credit code). */
export async function registerStreamFirms(url: string, reports: StreamedReport[]): Promise<void> {
  await query(
    url,
    `INSERT INTO firms (credit_code, name, kind, region_code) SELECT * FROM unnest($1::text[], $2::text[], $3::firm_kind[], $4::text[])`,
    [
      reports.map((r) => r.firmCreditCode),
      reports.map((_, i) => `压测机构${i}`),
      reports.map((r) => KIND_OF_REPORT[r.kind]),
      reports.map((r) => r.firmCreditCode.slice(2, 8)),
    ],
  );
}
