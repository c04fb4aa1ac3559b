// npm run simulate -- --firms N --rate R --to kafka|http [...]: simulates firms (firm-trajectory.ts)
// and emits their records in time order at R records per second. See SIMULATE_USAGE.
import { readFileSync } from 'node:fs';
import { RecordKind } from '../schemas/records';
import { parseSimulateArgs, SimulateArgs } from './cli-args';
import { GOV_FEED_KINDS } from '../intake/firm-kind-rules';
import { FirmRegistrar } from './firm-registrar';
import { simulateTrajectories } from './firm-trajectory';
import { HttpRecordSender } from './http-sender';
import { KafkaRecordSender } from './kafka-sender';
import { emitPaced } from './paced-emitter';
import { TimedRecord, trajectoryRecords } from './trajectory-records';

async function main(argv: string[]): Promise<number> {
  const parsed = parseSimulateArgs(argv);
  if (!parsed.ok) {
    console.error(parsed.error);
    return argv.includes('--help') ? 0 : 2;
  }
  const args = parsed.args;
  const started = performance.now();
  const trajectories = simulateTrajectories({
    seed: args.seed,
    firms: args.firms,
    months: args.months,
    startMonth: args.startMonth,
    deterioratingShare: args.deterioratingShare,
  });
  const all = trajectoryRecords(trajectories);
  const records = args.count === null ? all : all.slice(0, args.count);
  const distressed = trajectories.filter((t) => t.firm.distressMonth !== null).length;
  console.log(
    `simulated ${trajectories.length} firms x ${args.months} months (seed ${args.seed}) in ${Math.round(performance.now() - started)} ms: ${all.length} records, ${distressed} firms reach distress`,
  );
  if (args.dryRun) {
    printCounts(records);
    return 0;
  }
  let issuedKeys = new Map<string, string>();
  let agencyKey: string | null = null;
  if (args.register) {
    const registrar = new FirmRegistrar(args.url);
    await registrar.login(args.register.username, args.register.password);
    const done = await registrar.register(
      trajectories.map((t) => t.firm),
      args.to === 'http',
    );
    issuedKeys = done.keys;
    if (args.to === 'http') agencyKey = await registrar.issueAgencyKey(GOV_FEED_KINDS);
    console.log(
      `registered ${done.registered} firms at ${args.url} (${done.existing} were already registered)${args.to === 'http' ? `, issued ${done.keys.size} push keys` : ''}`,
    );
  }
  const sink = args.to === 'kafka' ? await kafkaSink(args) : httpSink(args, issuedKeys, agencyKey);
  let failed = false;
  try {
    const result = await emitPaced(records, {
      rate: args.rate,
      batchSize: args.to === 'kafka' ? 500 : 1000,
      send: sink.send,
      onProgress: (p) =>
        console.log(`sent ${p.sent}/${records.length} records, ${Math.round(p.currentRate)} records/s`),
    });
    const seconds = result.elapsedMs / 1000;
    console.log(
      `done: ${result.sent} records in ${seconds.toFixed(1)} s (${Math.round(result.sent / Math.max(seconds, 0.001))} records/s)`,
    );
    printCounts(records);
    failed = sink.summary();
  } finally {
    await sink.close();
  }
  return failed ? 1 : 0;
}

interface Sink {
  send: (batch: TimedRecord[]) => Promise<void>;
  /** Prints the sink's own summary; true when something failed. */
  summary: () => boolean;
  close: () => Promise<void>;
}

async function kafkaSink(args: SimulateArgs): Promise<Sink> {
  const sender = new KafkaRecordSender(args.brokers);
  await sender.open();
  return { send: (batch) => sender.send(batch), summary: () => false, close: () => sender.close() };
}

function httpSink(args: SimulateArgs, issued: ReadonlyMap<string, string>, agencyKey: string | null): Sink {
  const keys = args.apiKeysFile ? (JSON.parse(readFileSync(args.apiKeysFile, 'utf8')) as Record<string, string>) : {};
  const sender = new HttpRecordSender(
    args.url,
    (code) => issued.get(code) ?? keys[code] ?? args.apiKey,
    fetch,
    agencyKey,
  );
  return {
    send: (batch) => sender.send(batch),
    summary: () => {
      const s = sender.stats;
      console.log(
        `http: posted ${s.posted} (accepted ${s.accepted}, rejected ${s.rejected}), skipped ${s.skippedNoKey} of firms without a key and ${s.skippedFeed} government-feed/news records (no agency key: use --register), ${s.failedRequests} failed requests`,
      );
      for (const error of s.errors) console.log(`  ${error}`);
      return s.failedRequests > 0 || s.rejected > 0;
    },
    close: async () => undefined,
  };
}

function printCounts(records: readonly TimedRecord[]): void {
  const counts = new Map<RecordKind, number>();
  for (const r of records) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(22)} ${n}`);
  console.log(`  ${'total'.padEnd(22)} ${records.length}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
