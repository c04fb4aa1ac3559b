// Record-to-anchored latency: reports offered at a fixed 2,000 records/s through the real intake
// (RecordIntakeService, the api role, in this process) into PostgreSQL while the anchor role (its
// own process, as deployed) checkpoints onto the real 4-validator CometBFT. For each record: from accepted (its transaction committed) to the
// moment the first checkpoint covering its leaf is committed on the chain with its height and tx
// recorded (evidence_anchors). Target p99 < 5 s.
// Env: BENCH_ANCHOR_SECONDS (load, default 40), BENCH_ANCHOR_RATE (default 2000),
// BENCH_ANCHOR_INTERVAL_MS (else ANCHOR_INTERVAL_MS, else the service default).
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { RunningApp, startApp } from '../../src/bootstrap';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { generateReportStream, StreamedReport } from '../../src/ingest/simulator/report-stream';
import { loadConfig } from '../../src/platform/config/config';
import { benchDatabase, percentile, query, registerStreamFirms, serviceEnv, until } from './support';

const FIRMS = 1_000;
const SECONDS = Number(process.env.BENCH_ANCHOR_SECONDS ?? 40);
const RATE = Number(process.env.BENCH_ANCHOR_RATE ?? 2000);
const TICK_MS = 250;
const MAX_IN_FLIGHT = 50; // intake calls awaiting their transaction; beyond this the offer stalls (and it shows)
const TARGET_P99_MS = 5000;
// The anchor role's leader lock (anchor.service.ts): held once the child is up and leading.
const ANCHOR_LEADER_LOCK = 7_246_001;

export async function run(): Promise<void> {
  const env = serviceEnv();
  if (!env.COMETBFT_RPC || !env.COMETBFT_GENESIS)
    throw new Error('the anchor latency bench needs the real CometBFT validators (COMETBFT_RPC, COMETBFT_GENESIS)');
  const db = await benchDatabase('anchorlat');
  const stream = generateReportStream(11, FIRMS, '2002-01-01');
  const firstDay = Array.from({ length: FIRMS }, () => stream.next().value as StreamedReport);
  await registerStreamFirms(db.url, firstDay);

  const interval = process.env.BENCH_ANCHOR_INTERVAL_MS ?? process.env.ANCHOR_INTERVAL_MS;
  const base = {
    DATABASE_URL: db.url,
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'false',
    COMETBFT_RPC: env.COMETBFT_RPC,
    COMETBFT_GENESIS: env.COMETBFT_GENESIS,
    REGULATOR_SIGNING_KEY: env.COMETBFT_REGULATOR_KEY ?? randomBytes(32).toString('hex'),
    EVIDENCE_LOG_ORIGIN: `bench-${randomUUID().slice(0, 8)}.local/evidence`,
    ...(interval ? { ANCHOR_INTERVAL_MS: interval } : {}),
  };
  const anchorConfig = loadConfig({ ...base, ROLE: 'anchor' });
  let anchor: ChildProcess | undefined;
  let api: RunningApp | undefined;
  try {
    anchor = startAnchorRole({ ...base, ROLE: 'anchor', LOG_FORMAT: 'text' });
    await until(
      'the anchor leader',
      async () =>
        (
          await query(
            db.url,
            `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
            [ANCHOR_LEADER_LOCK],
          )
        ).length > 0,
      60_000,
    );
    api = await startApp(loadConfig({ ...base, ROLE: 'api' }));
    const intake = api.app.get(RecordIntakeService);

    // Offer RATE records/s in ticks of TICK_MS, without waiting for earlier ticks to be stored.
    const perTick = Math.round((RATE * TICK_MS) / 1000);
    const ticks = Math.round((SECONDS * 1000) / TICK_MS);
    const accepted = new Map<string, { offeredAt: number; acceptedAt: number }>();
    const inFlight = new Set<Promise<void>>();
    let rejected = 0;
    let stalledMs = 0;
    console.log(
      `offering ${RATE.toLocaleString('en')} records/s for ${SECONDS} s (anchor interval ${anchorConfig.anchorIntervalMs} ms, ${env.COMETBFT_RPC.split(',').length} validators)...`,
    );
    const started = Date.now();
    for (let tick = 0; tick < ticks; tick++) {
      const batch = Array.from({ length: perTick }, () => stream.next().value as StreamedReport);
      const offeredAt = Date.now();
      const call = intake
        .accept(
          batch.map((r, i) => ({ kind: r.kind, value: r.record, sourceRef: `bench/${tick}/${i}` })),
          { source: 'http' },
        )
        .then((results) => {
          const acceptedAt = Date.now();
          for (const r of results) {
            if (r.status === 'accepted') accepted.set(r.id, { offeredAt, acceptedAt });
            else rejected++;
          }
        });
      inFlight.add(call);
      void call.finally(() => inFlight.delete(call));
      if (inFlight.size >= MAX_IN_FLIGHT) {
        const t = Date.now();
        await Promise.race(inFlight);
        stalledMs += Date.now() - t;
      }
      const wait = started + (tick + 1) * TICK_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inFlight);
    const offerMs = Date.now() - started;
    const loadAtEnd = loadavg()[0];

    // Wait until a checkpoint covering every leaf is anchored.
    const leaves = Number((await query(db.url, `SELECT count(*) AS n FROM evidence_leaves`))[0].n);
    await until(
      'the anchors',
      async () =>
        Number((await query(db.url, `SELECT coalesce(max(tree_size), 0) AS n FROM evidence_anchors`))[0].n) >= leaves,
      120_000,
    );

    const anchors = (
      await query(
        db.url,
        `SELECT tree_size, height, extract(epoch FROM anchored_at) * 1000 AS at, anchor->'header'->>'time' AS block_time FROM evidence_anchors ORDER BY tree_size`,
      )
    ).map((a) => ({
      treeSize: Number(a.tree_size),
      height: Number(a.height),
      at: Number(a.at),
      blockAt: Date.parse(String(a.block_time)),
    }));
    const placed = await query(
      db.url,
      `SELECT l.record_id, g.leaf_index FROM evidence_leaves l JOIN evidence_log g ON g.leaf_id = l.id WHERE l.record_kind LIKE '%_report'`,
    );
    const toRecorded: number[] = [];
    const toBlock: number[] = [];
    const queued: number[] = [];
    for (const row of placed) {
      const times = accepted.get(row.record_id);
      if (!times) continue;
      const anchor = anchors[firstCovering(anchors, Number(row.leaf_index))];
      toRecorded.push(anchor.at - times.acceptedAt);
      toBlock.push(anchor.blockAt - times.acceptedAt);
      queued.push(times.acceptedAt - times.offeredAt);
    }
    for (const list of [toRecorded, toBlock, queued]) list.sort((a, b) => a - b);
    const p99 = percentile(toRecorded, 99);
    const heights = new Set(anchors.map((a) => a.height));
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `\nanchor latency bench (load average ${loadAtEnd.toFixed(1)} at the end of the load, ${loadavg()[0].toFixed(1)} now)`,
    );
    console.table([
      {
        what: 'offered rate',
        result: `${Math.round((accepted.size + rejected) / (offerMs / 1000)).toLocaleString('en')}/s`,
        note: `target ${RATE.toLocaleString('en')}/s over ${(offerMs / 1000).toFixed(1)} s; offer stalled ${stalledMs} ms on ${MAX_IN_FLIGHT} calls in flight`,
      },
      {
        what: 'records accepted / measured',
        result: `${accepted.size.toLocaleString('en')} / ${toRecorded.length.toLocaleString('en')}`,
        note: rejected ? `${rejected} rejected` : '',
      },
      {
        what: 'offered -> accepted',
        result: `p50 ${ms(percentile(queued, 50))}, p99 ${ms(percentile(queued, 99))}`,
        note: 'intake queueing and the store transaction',
      },
      {
        what: 'accepted -> anchored (recorded)',
        result: `p50 ${ms(percentile(toRecorded, 50))}, p95 ${ms(percentile(toRecorded, 95))}, p99 ${ms(p99)}`,
        note: `max ${ms(toRecorded[toRecorded.length - 1] ?? NaN)}; target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'MISSED'}, ratio ${(p99 / TARGET_P99_MS).toFixed(2)}`,
      },
      {
        what: 'accepted -> block time of its anchor',
        result: `p50 ${ms(percentile(toBlock, 50))}, p99 ${ms(percentile(toBlock, 99))}`,
        note: 'the header time of the block that carries the checkpoint',
      },
      {
        what: 'checkpoints anchored',
        result: `${anchors.length}`,
        note: `in ${heights.size} blocks, heights ${Math.min(...heights)}-${Math.max(...heights)}; ${(anchors.length / (offerMs / 1000)).toFixed(2)}/s`,
      },
    ]);
  } finally {
    await api?.close();
    if (anchor) await stop(anchor);
    await db.drop();
  }
}

function startAnchorRole(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, '..', '..', 'src', 'main.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on(
    'exit',
    (code, signal) => code !== 0 && signal === null && console.error(`the anchor role exited with ${code}`),
  );
  return child;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Index of the first anchored checkpoint whose tree holds leaf `index` (anchors sorted by size). */
function firstCovering(anchors: Array<{ treeSize: number }>, index: number): number {
  let lo = 0;
  let hi = anchors.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (anchors[mid].treeSize > index) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
