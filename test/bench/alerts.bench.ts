// Alert routing and delivery throughput against local receivers (WeCom, DingTalk robots, SMS gateway):
//  1. route + dispatch only (pure routing, real HTTP to the receivers, no database);
//  2. end to end through AlertsService.onSignal: policy, alert row, events, evidence leaves, routing,
//     dispatch and delivery rows in PostgreSQL (needs DATABASE_URL, e.g. `eval "$(bash scripts/services.sh env)"`).
// Target: 2,000 alerts routed and dispatched per second.
// Run: node -r @swc-node/register test/bench/run.ts alerts
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { AlertDispatcher } from '../../src/alerts/channels/alert-dispatcher';
import { buildAlertMessage } from '../../src/alerts/channels/alert-message';
import { buildChannels } from '../../src/alerts/channels/channels-config';
import { ManualAlertsClock } from '../../src/alerts/alerts-clock';
import { routeAlert } from '../../src/alerts/routing/route-alert';
import { loadDefaultRoutingConfig } from '../../src/alerts/routing/routing-config';
import type { DirectoryEntry } from '../../src/alerts/routing/staff-directory';
import { migrate } from '../../src/platform/database/migrate';
import { alertsEnv, assessmentSignal, seedAlertsWorld, startAlertsTestApp } from '../support/alerts-app';
import { alertsFactory } from '../support/alerts-factory';
import { startDingTalkReceiver, startSmsReceiver, startWeComReceiver } from '../support/alerts-receivers';
import { withDatabase } from '../support/services';

const TARGET = 2000;
const PURE_ALERTS = 2000;
const ROUTE_ONLY = 50_000;
const DB_ALERTS = 500;
const CONCURRENCY = 64;
const SECRET = 'SECbench-secret';
const SMS = { apiKey: 'bench-key', header: 'X-Api-Key', templateId: 'SMS_BENCH' };

export async function run(): Promise<void> {
  // The log channel writes one line per recipient; keep the console for the results.
  Logger.overrideLogger(['error']);
  const wecom = await startWeComReceiver();
  const dingtalk = await startDingTalkReceiver(SECRET);
  const sms = await startSmsReceiver(SMS);
  try {
    await pipeline(wecom.url, dingtalk.url, sms.url);
    if (process.env.DATABASE_URL) await endToEnd(wecom.url, dingtalk.url, process.env.DATABASE_URL);
    else console.log('end to end: skipped (set DATABASE_URL: eval "$(bash scripts/services.sh env)")');
  } finally {
    await Promise.all([wecom.close(), dingtalk.close(), sms.close()]);
  }
}

async function pipeline(wecomUrl: string, dingtalkUrl: string, smsUrl: string): Promise<void> {
  const retry = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, attemptTimeoutMs: 5000 };
  const dispatcher = new AlertDispatcher(buildChannels({ mobileBaseUrl: 'https://risk.example.gov.cn/m', robots: true, sms: { url: `${smsUrl}/send`, apiKey: SMS.apiKey, apiKeyHeader: SMS.header, templateId: SMS.templateId }, webPush: null, retry }), retry);
  const routing = loadDefaultRoutingConfig();
  // 100 counties' officers and offices, each with their own robot: routing scans a realistic directory.
  const directory: DirectoryEntry[] = [];
  for (let c = 1; c <= 99; c++) {
    const region = `3301${String(c).padStart(2, '0')}`;
    directory.push(alertsFactory.entry({ id: `co-${c}`, regionCode: region, channels: { wecomWebhook: `${wecomUrl}/cgi-bin/webhook/send?key=co-${c}` } }));
    directory.push(alertsFactory.entry({ id: `office-${c}`, role: 'county_office', regionCode: region, channels: { dingtalk: { webhook: `${dingtalkUrl}/robot/send?access_token=office-${c}`, secret: SECRET } } }));
  }
  directory.push(alertsFactory.entry({ id: 'sh', role: 'section_head', regionCode: '330100', channels: { wecomWebhook: `${wecomUrl}/cgi-bin/webhook/send?key=sh`, phone: '13800000003' } }));
  // Routing and rendering alone, to show where the time goes.
  const r0 = performance.now();
  let planned = 0;
  for (let i = 0; i < ROUTE_ONLY; i++) {
    const alert = alertsFactory.alert({ id: `route-${i}`, firmRegionCode: `3301${String((i % 99) + 1).padStart(2, '0')}`, tier: 'yellow' });
    planned += routeAlert(alert, routing, directory).deliveries.length;
    buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m');
  }
  const routeRate = ROUTE_ONLY / ((performance.now() - r0) / 1000);
  console.log(`route + render only (no I/O): ${routeRate.toFixed(0)} alerts/s (${planned} deliveries planned); ${(routeRate / TARGET).toFixed(2)}x the target`);

  const t0 = performance.now();
  let deliveries = 0;
  let failed = 0;
  await inParallel(PURE_ALERTS, CONCURRENCY, async (i) => {
    const county = `3301${String((i % 99) + 1).padStart(2, '0')}`;
    const alert = alertsFactory.alert({ id: `bench-${i}`, firmRegionCode: county, tier: 'yellow' });
    const plan = routeAlert(alert, routing, directory);
    const report = await dispatcher.dispatch(buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m'), plan.deliveries);
    deliveries += report.deliveries.length;
    failed += report.deliveries.filter((d) => d.status !== 'delivered').length;
  });
  const rate = PURE_ALERTS / ((performance.now() - t0) / 1000);
  console.log(`route + dispatch (yellow: officer WeCom, office DingTalk, section head WeCom, logs): ${PURE_ALERTS} alerts, ${deliveries} deliveries (${failed} not delivered)`);
  console.log(`  ${rate.toFixed(0)} alerts/s, ${(deliveries / (PURE_ALERTS / rate)).toFixed(0)} deliveries/s; ${(rate / TARGET).toFixed(2)}x the ${TARGET}/s target`);
}

async function endToEnd(wecomUrl: string, dingtalkUrl: string, serverUrl: string): Promise<void> {
  const name = `risk_bench_alerts_${Date.now()}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  try {
    await migrate(url);
    const clock = new ManualAlertsClock(new Date());
    const app = await startAlertsTestApp(url, alertsEnv({ ALERTS_ESCALATION_INTERVAL_MS: '3600000' }), clock, 'api');
    try {
      const world = await seedAlertsWorld(app, { wecomUrl, dingtalkUrl, dingtalkSecret: SECRET });
      const t0 = performance.now();
      await inParallel(DB_ALERTS, CONCURRENCY, async (i) => {
        await app.alerts.onSignal(assessmentSignal({ firmId: i % 2 ? world.firms.xihu : world.firms.gongshu, cause: { kind: 'rule', ruleId: `B-${i}` }, tier: 'yellow', assessedAt: clock.now() }));
      });
      const decided = performance.now();
      await app.notifier.drain();
      const seconds = (performance.now() - t0) / 1000;
      const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM alert_deliveries`);
      const [{ leaves }] = await app.dataSource.query(`SELECT count(*)::int AS leaves FROM evidence_leaves`);
      const rate = DB_ALERTS / seconds;
      console.log(`end to end onSignal -> PostgreSQL -> route -> dispatch -> delivery rows: ${DB_ALERTS} yellow alerts, ${n} delivery rows, ${leaves} evidence leaves`);
      console.log(`  decisions stored in ${((decided - t0) / 1000).toFixed(2)} s; all delivered and recorded in ${seconds.toFixed(2)} s`);
      console.log(`  ${rate.toFixed(0)} alerts/s; ${(rate / TARGET).toFixed(2)}x the ${TARGET}/s target`);
    } finally {
      await app.close();
    }
  } finally {
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function inParallel(count: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await work(next++);
  }));
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
