// Alert routing and delivery throughput against local receivers (WeCom, DingTalk robots, SMS gateway):
//  1. route + dispatch only (pure routing, real HTTP to the receivers, no database);
//  2. end to end through AlertsService.onSignal: policy, alert row, events, evidence leaves, routing,
//     dispatch and delivery rows in PostgreSQL (needs DATABASE_URL, e.g. `eval "$(bash scripts/services.sh env)"`):
//     throughput with a fixed number of signals in flight, then latency (signal -> every delivery
//     row stored) at the target's offered rate and at half the throughput measured.
// Targets: 2,000 alerts routed and dispatched per second; p99 under 1 s end to end at 2,000/s.
// The receivers run in a child process (they still check formats and DingTalk signatures), so their
// parsing does not take CPU from the sender; CPU ms per alert is printed too, as the machine is shared.
// Run: node -r @swc-node/register test/bench/run.ts alerts
import { loadavg } from 'node:os';
import { Logger } from '@nestjs/common';
import { AlertDispatcher } from '../../src/alerts/channels/alert-dispatcher';
import { buildAlertMessage } from '../../src/alerts/channels/alert-message';
import { buildChannels } from '../../src/alerts/channels/channels-config';
import { ManualClock } from '../../src/platform/clock';
import type { SignalResult } from '../../src/alerts/alerts.service';
import { routeAlert } from '../../src/alerts/routing/route-alert';
import { loadDefaultRoutingConfig } from '../../src/alerts/routing/routing-config';
import type { DirectoryEntry } from '../../src/alerts/routing/staff-directory';
import { alertsEnv, assessmentSignal, seedAlertsWorld, startAlertsTestApp } from '../support/alerts-app';
import { alertsFactory } from '../support/alerts-factory';
import { startReceiversInChild, type ChildReceivers } from '../support/alerts-receivers-child';
import { TEST_DESTINATIONS } from '../support/alerts-receivers';
import { describeCpu, startCpuMeter, tableRow } from './cpu-meter';
import { benchDatabase, percentile } from './support';

const TARGET = 2000;
const TARGET_P99_MS = 1000;
const TARGET_SENDER_CPU_MS = 0.4;
const PURE_ALERTS = Number(process.env.PURE_ALERTS ?? 4000);
// Sent first and not measured: a long-running sender has its connections open and its code compiled.
const WARMUP_ALERTS = Number(process.env.WARMUP_ALERTS ?? 1000);
const ROUTE_ONLY = Number(process.env.ROUTE_ONLY ?? 50_000);
const DB_ALERTS = 2000;
const CONCURRENCY = 64;
// The latency run: this many signals offered at TARGET per second (open loop, in 10 ms steps).
const RATE_ALERTS = 4000;
const RATE_STEP_MS = 10;
const SECRET = 'SECbench-secret';
const SMS = { apiKey: 'bench-key', header: 'X-Api-Key', templateId: 'SMS_BENCH' };

export async function run(): Promise<void> {
  // The log channel writes one line per recipient; keep the console for the results.
  Logger.overrideLogger(['error']);
  const receivers = await startReceiversInChild({ dingtalkSecret: SECRET, sms: SMS });
  try {
    await pipeline(receivers);
    if (process.env.DATABASE_URL) await endToEnd(receivers);
    else console.log('end to end: skipped (set DATABASE_URL: eval "$(bash scripts/services.sh env)")');
  } finally {
    await receivers.close();
  }
}

async function pipeline(receivers: ChildReceivers): Promise<void> {
  const { wecomUrl, dingtalkUrl, smsUrl } = receivers;
  const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, attemptTimeoutMs: 5000 };
  const dispatcher = new AlertDispatcher(
    buildChannels({
      mobileBaseUrl: 'https://risk.example.gov.cn/m',
      robots: true,
      sms: { url: `${smsUrl}/send`, apiKey: SMS.apiKey, apiKeyHeader: SMS.header, templateId: SMS.templateId },
      webPush: null,
      retry,
      destinations: TEST_DESTINATIONS,
    }),
    retry,
  );
  const routing = loadDefaultRoutingConfig();
  // 100 counties' officers and offices, each with their own robot: routing scans a realistic directory.
  const directory: DirectoryEntry[] = [];
  for (let c = 1; c <= 99; c++) {
    const region = `3301${String(c).padStart(2, '0')}`;
    directory.push(
      alertsFactory.entry({
        id: `co-${c}`,
        regionCode: region,
        channels: { wecomWebhook: `${wecomUrl}/cgi-bin/webhook/send?key=co-${c}` },
      }),
    );
    directory.push(
      alertsFactory.entry({
        id: `office-${c}`,
        role: 'county_office',
        regionCode: region,
        channels: { dingtalk: { webhook: `${dingtalkUrl}/robot/send?access_token=office-${c}`, secret: SECRET } },
      }),
    );
  }
  directory.push(
    alertsFactory.entry({
      id: 'sh',
      role: 'section_head',
      regionCode: '330100',
      channels: { wecomWebhook: `${wecomUrl}/cgi-bin/webhook/send?key=sh`, phone: '13800000003' },
    }),
  );
  // Routing and rendering alone, to show where the time goes.
  const r0 = performance.now();
  let planned = 0;
  for (let i = 0; i < ROUTE_ONLY; i++) {
    const alert = alertsFactory.alert({
      id: `route-${i}`,
      firmRegionCode: `3301${String((i % 99) + 1).padStart(2, '0')}`,
      tier: 'yellow',
    });
    planned += routeAlert(alert, routing, directory).deliveries.length;
    buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m');
  }
  const routeRate = ROUTE_ONLY / ((performance.now() - r0) / 1000);
  console.log(
    `route + render only (no I/O): ${routeRate.toFixed(0)} alerts/s (${planned} deliveries planned); ${(routeRate / TARGET).toFixed(2)}x the target`,
  );

  const send = async (i: number) => {
    const county = `3301${String((i % 99) + 1).padStart(2, '0')}`;
    const alert = alertsFactory.alert({ id: `bench-${i}`, firmRegionCode: county, tier: 'yellow' });
    const plan = routeAlert(alert, routing, directory);
    return dispatcher.dispatch(buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m'), plan.deliveries);
  };
  await inParallel(WARMUP_ALERTS, CONCURRENCY, async (i) => void (await send(PURE_ALERTS + i)));
  const before = await received(receivers);
  const receiverCpu0 = await receivers.cpuMs();
  const meter = await startCpuMeter();
  const t0 = performance.now();
  let deliveries = 0;
  let failed = 0;
  await inParallel(PURE_ALERTS, CONCURRENCY, async (i) => {
    const report = await send(i);
    deliveries += report.deliveries.length;
    failed += report.deliveries.filter((d) => d.status !== 'delivered').length;
  });
  const rate = PURE_ALERTS / ((performance.now() - t0) / 1000);
  const reading = await meter.stop();
  const cpu = reading.processMs / PURE_ALERTS;
  const accepted = (await received(receivers)) - before;
  const receiverCpu = ((await receivers.cpuMs()) - receiverCpu0) / PURE_ALERTS;
  console.log(
    `route + dispatch (yellow: officer WeCom, office DingTalk, section head WeCom, logs): ${PURE_ALERTS} alerts after ${WARMUP_ALERTS} unmeasured, ${deliveries} deliveries (${failed} not delivered), ${accepted} accepted by the receivers`,
  );
  console.log(
    `  ${rate.toFixed(0)} alerts/s, ${(deliveries / (PURE_ALERTS / rate)).toFixed(0)} deliveries/s, ${cpu.toFixed(2)} CPU ms per alert in the sender, ${receiverCpu.toFixed(2)} in the receivers; ${(rate / TARGET).toFixed(2)}x the ${TARGET}/s target`,
  );
  // Both processes share this machine's cores: the sender's own ceiling is one core's worth of its CPU per alert.
  console.log(
    `  one core's worth of sender CPU: ${(1000 / cpu).toFixed(0)} alerts/s (${(1000 / cpu / TARGET).toFixed(2)}x the target); load average ${reading.load.mean.toFixed(1)} (max ${reading.load.max.toFixed(1)})`,
  );
  console.log(
    tableRow(
      'alerts routed and dispatched to local receivers (`alerts`)',
      `${rate.toFixed(0)}/s, sender ${cpu.toFixed(2)} CPU ms per alert (receivers ${receiverCpu.toFixed(2)})`,
      `>= ${TARGET}/s, sender <= ${TARGET_SENDER_CPU_MS} CPU ms per alert`,
      Math.min(rate / TARGET, TARGET_SENDER_CPU_MS / cpu),
      `load ${reading.load.mean.toFixed(1)}`,
    ),
  );
}

async function endToEnd(receivers: ChildReceivers): Promise<void> {
  const { url, drop } = await benchDatabase('alerts');
  try {
    const clock = new ManualClock(new Date());
    const app = await startAlertsTestApp(url, alertsEnv({ ALERTS_ESCALATION_INTERVAL_MS: '3600000' }), clock, 'api');
    try {
      const world = await seedAlertsWorld(app, {
        wecomUrl: receivers.wecomUrl,
        dingtalkUrl: receivers.dingtalkUrl,
        dingtalkSecret: SECRET,
      });
      let n = 0;
      // Each signal opens a new yellow alert (its own rule), alternately in 西湖区 and 拱墅区.
      const signal = () => {
        const i = n++;
        return app.alerts.onSignal(
          assessmentSignal({
            firmId: i % 2 ? world.firms.xihu : world.firms.gongshu,
            cause: { kind: 'rule', ruleId: `B-${i}` },
            tier: 'yellow',
            assessedAt: clock.now(),
          }),
        );
      };

      const meter = await startCpuMeter(url);
      const t0 = performance.now();
      await inParallel(DB_ALERTS, CONCURRENCY, async () => {
        await (
          await signal()
        ).delivered;
      });
      const seconds = (performance.now() - t0) / 1000;
      const reading = await meter.stop();
      const cpu = reading.processMs / DB_ALERTS;
      const [{ rows }] = await app.dataSource.query(`SELECT count(*)::int AS rows FROM alert_deliveries`);
      const [{ leaves }] = await app.dataSource.query(`SELECT count(*)::int AS leaves FROM evidence_leaves`);
      const rate = DB_ALERTS / seconds;
      console.log(
        `end to end onSignal -> PostgreSQL -> route -> dispatch -> delivery rows, ${CONCURRENCY} signals in flight: ${DB_ALERTS} yellow alerts, ${rows} delivery rows, ${leaves} evidence leaves`,
      );
      console.log(
        `  ${rate.toFixed(0)} alerts/s, ${cpu.toFixed(2)} CPU ms per alert in the service; ${(rate / TARGET).toFixed(2)}x the ${TARGET}/s target`,
      );
      console.log(`  ${describeCpu(reading, DB_ALERTS, 'alert', 'ms')}`);

      // Open loop at the target rate, then at half the throughput just measured (what this machine sustains).
      await atRate(TARGET, RATE_ALERTS, signal);
      const sustained = Math.max(10, Math.round(rate / 2));
      await atRate(sustained, Math.min(RATE_ALERTS, sustained * 5), signal);
      const [{ notDelivered }] = await app.dataSource.query(
        `SELECT count(*) FILTER (WHERE status <> 'delivered')::int AS "notDelivered" FROM alert_deliveries`,
      );
      console.log(`${notDelivered} delivery rows not delivered in all runs`);
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

/** Offers `count` signals at `perSecond` whether or not earlier ones are done; prints signal -> delivery rows stored latencies. */
async function atRate(perSecond: number, count: number, signal: () => Promise<SignalResult>): Promise<void> {
  const latencies: number[] = [];
  const done: Array<Promise<void>> = [];
  const r0 = performance.now();
  for (let sent = 0; sent < count;) {
    const due = Math.min(count, Math.floor(((performance.now() - r0) / 1000) * perSecond) + 1);
    for (; sent < due; sent++) {
      const start = performance.now();
      done.push(
        signal().then(async (result) => {
          await result.delivered;
          latencies.push(performance.now() - start);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RATE_STEP_MS));
  }
  const offeredSeconds = (performance.now() - r0) / 1000;
  await Promise.all(done);
  const sorted = latencies.sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  console.log(
    `end to end at ${perSecond}/s offered: ${count} alerts offered in ${offeredSeconds.toFixed(2)} s, all recorded after ${((performance.now() - r0) / 1000).toFixed(2)} s`,
  );
  console.log(
    `  signal -> every delivery row stored: p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms; p99 is ${(p99 / TARGET_P99_MS).toFixed(2)}x the ${TARGET_P99_MS} ms limit; load average ${loadavg()[0].toFixed(1)}`,
  );
}

async function inParallel(count: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

async function received(receivers: ChildReceivers): Promise<number> {
  const counts = await receivers.counts();
  return counts.wecom.accepted + counts.dingtalk.accepted + counts.sms.accepted;
}
