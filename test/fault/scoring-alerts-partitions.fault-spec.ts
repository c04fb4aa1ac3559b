// Scale test of the partitioned hot path: two scoring and two alerts processes (the service's
// entry point, swc-registered, by role) share the partitions of the firm-changes and assessment-
// signals topics; one of each is killed with SIGKILL while records are being offered; the survivors
// take the partitions over. Counted against the records offered: every firm re-scored exactly once
// for its record, every alert it raises opened once and notified once per recipient.
// Run alone (it spawns four service processes): npx jest test/fault/scoring-alerts-partitions.fault-spec.ts --selectProjects fault
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';
import { RunningApp } from '../../src/bootstrap';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { demoCreditCode } from '../../src/firms/demo-firms';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { todayInChina } from '../../src/scoring/scoring.service';
import { startTestApp } from '../support/app';
import { alertsEnv } from '../support/alerts-app';
import { startReceiver, type Receiver } from '../support/alerts-receivers';
import { createTestDatabase } from '../support/database';
import { testServices } from '../support/services';
import { waitFor } from '../support/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');
const FIRMS = 120;
const BATCH = 10;

interface Worker {
  role: 'scoring' | 'alerts';
  child: ChildProcess;
  /** The partitions it last said it owns ('' until it joined its group). */
  owns: string;
}

describe('Scoring and alerts partitioned by firm', () => {
  const prefix = `p${randomUUID().slice(0, 8)}.`;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let receiver: Receiver<string>;
  const workers: Worker[] = [];
  const env = () => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_GROUP_PREFIX: `g${prefix}`,
    ID_HASH_KEY: idHashKey,
    CHANGE_FEED_PARTITIONS: '6',
    CHANGE_FEED_RELAY_INTERVAL_MS: '50',
    SCORING_FULL_RESCORE_INTERVAL_MS: String(7 * 86_400_000),
    ...alertsEnv({ ALERTS_ROBOTS: 'true' }),
  });
  const idHashKey = randomBytes(32).toString('hex');

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const spawnWorker = (role: Worker['role']): Worker => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts', role], {
      cwd: ROOT,
      env: { ...process.env, ...env(), HTTP_PORT: '0', LOG_LEVEL: 'log', LOG_FORMAT: 'text', DEMO_DATA: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const worker: Worker = { role, child, owns: '' };
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const owned = /(firm-changes|assessment-signals): this replica owns partitions \[([^\]]*)\]/.exec(line);
        if (owned) worker.owns = owned[2];
      }
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    receiver = await startReceiver<string>((req, accept) => {
      accept(`${req.url} ${req.body.toString()}`);
      return { status: 200, json: { errcode: 0, errmsg: 'ok' } };
    });
    // The offering side: intake (api role) writes records and, in the same transactions, their firm changes.
    app = await startTestApp({ ...env(), ROLE: 'api' });
    const firms = Array.from({ length: FIRMS }, (_, i) => [
      demoCreditCode(500 + i, '330106'),
      `西湖测试小额贷款${i}号有限公司`,
    ]);
    await query(
      `INSERT INTO firms (credit_code, name, kind, region_code) SELECT c, n, 'micro_loan', '330106' FROM unnest($1::text[], $2::text[]) AS t(c, n)`,
      [firms.map((f) => f[0]), firms.map((f) => f[1])],
    );
    const officer = await app.app.get(StaffDirectoryService).create({
      username: 'xihu.officer',
      displayName: '王敏',
      role: 'county_officer',
      regionCode: '330106',
      password: 'correct-horse-partitions-2026',
    });
    await app.app
      .get(AlertsDirectoryService)
      .setStaffContact(officer.id, { wecomWebhook: `${receiver.url}/cgi-bin/webhook/send?key=xihu.officer` });
    // No full re-score during the test: the records' re-scores are the only ones counted.
    await query(
      `INSERT INTO scoring_watermarks (name, at, updated_at) VALUES ('ingest', now(), now()), ('full_rescore', now(), now()) ON CONFLICT (name) DO UPDATE SET at = now()`,
    );
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await app?.close();
    await receiver?.close();
    await db?.drop();
  });

  it('should lose and duplicate no re-score and no alert when one scoring and one alerts replica are killed under load', async () => {
    const scoring = [spawnWorker('scoring'), spawnWorker('scoring')];
    const alerts = [spawnWorker('alerts'), spawnWorker('alerts')];
    await waitFor(
      'both scoring and both alerts replicas to own partitions',
      () => [...scoring, ...alerts].every((w) => w.owns !== ''),
      180_000, // four children compile the TypeScript at once on a fresh checkout
      200,
    );

    const codes = (await query<{ credit_code: string }>(`SELECT credit_code FROM firms ORDER BY credit_code`)).map(
      (r) => r.credit_code,
    );
    const today = todayInChina();
    const intake = app.app.get(RecordIntakeService);
    const offer = async (from: number, to: number) => {
      for (let i = from; i < to; i += BATCH) {
        const items = codes.slice(i, Math.min(i + BATCH, to)).map((code, j) => ({
          kind: 'court_event' as const,
          value: {
            eventId: `DL-${i + j}`,
            firmCreditCode: code,
            occurredAt: today,
            caseNumber: `(2026)浙0106执${i + j}号`,
            type: 'dishonest_list',
            subject: 'firm',
          },
          sourceRef: `partitions/${i + j}`,
        }));
        const results = await intake.accept(items, { source: 'http' });
        for (const r of results) if (r.status !== 'accepted') throw new Error(`intake refused: ${JSON.stringify(r)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const scored = async () =>
      Number((await query<{ n: number }>(`SELECT count(*)::int AS n FROM assessments WHERE trigger = 'ingest'`))[0].n);

    const started = Date.now();
    await offer(0, FIRMS / 2);
    await waitFor('some firms re-scored', async () => (await scored()) >= 10, 30_000, 50);
    scoring[0].child.kill('SIGKILL');
    alerts[0].child.kill('SIGKILL');
    const atKill = await scored();
    await offer(FIRMS / 2, FIRMS);
    // The dead members' partitions move once their session times out (30 s).
    await waitFor('every firm re-scored', async () => (await scored()) >= FIRMS, 90_000, 200);
    await waitFor(
      'every notification sent and recorded',
      async () => {
        const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_outbox`);
        const [{ opened }] = await query<{ opened: number }>(
          `SELECT count(DISTINCT a.id)::int AS opened FROM alerts a WHERE a.cause_key = 'rule:PD-03/dishonest_firm'`,
        );
        return n === 0 && opened === FIRMS;
      },
      90_000,
      200,
    );
    const seconds = (Date.now() - started) / 1000;

    const perFirm = await query<{ firm_id: string; n: number }>(
      `SELECT firm_id, count(*)::int AS n FROM assessments WHERE trigger = 'ingest' GROUP BY firm_id`,
    );
    expect(perFirm).toHaveLength(FIRMS);
    expect(perFirm.filter((r) => r.n !== 1)).toEqual([]);
    expect(Number((await query<{ n: number }>(`SELECT count(*)::int AS n FROM scoring_firm_inputs`))[0].n)).toBe(FIRMS);

    // Each firm's alert took in its one assessment, was opened once and notified once.
    const alertRows = await query<{ firm_id: string; last_assessment_id: string; assessment: string }>(
      `SELECT a.firm_id, a.last_assessment_id, s.id::text AS assessment FROM alerts a JOIN assessments s ON s.firm_id = a.firm_id AND s.trigger = 'ingest' WHERE a.cause_key = 'rule:PD-03/dishonest_firm'`,
    );
    expect(alertRows).toHaveLength(FIRMS);
    expect(alertRows.filter((r) => r.last_assessment_id !== r.assessment)).toEqual([]);
    const notifications = await query<{ alert_id: string; n: number }>(
      `SELECT alert_id, count(*)::int AS n FROM alert_events WHERE kind = 'notification' AND action = 'opened' GROUP BY alert_id`,
    );
    expect(notifications.filter((r) => r.n !== 1)).toEqual([]);
    const deliveries = await query<{ n: number; distinct_n: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT (event_id, recipient_id, channel))::int AS distinct_n FROM alert_deliveries`,
    );
    expect(deliveries[0].n).toBe(deliveries[0].distinct_n);
    expect(deliveries[0].n).toBeGreaterThanOrEqual(FIRMS);
    // At the receiver: every alert reached the county officer. A robot webhook has no idempotency
    // key, so a send the killed replica made but had not yet recorded is sent again by its successor
    // (at-least-once at the wire; the delivery rows above are exactly once): one death, at most one repeat.
    const officerMessages = receiver.accepted.filter((m) => m.includes('key=xihu.officer'));
    const alertIds = (
      await query<{ id: string }>(`SELECT id FROM alerts WHERE cause_key = 'rule:PD-03/dishonest_firm'`)
    ).map((r) => r.id);
    const perAlert = alertIds.map((id) => officerMessages.filter((m) => m.includes(id)).length);
    console.log(
      `${FIRMS} firms offered; ${atKill} re-scored when one scoring and one alerts replica were killed; all re-scored and notified after ${seconds.toFixed(1)} s; ` +
        `messages to the officer per alert: ${JSON.stringify(Object.fromEntries([...new Set(perAlert)].map((k) => [k, perAlert.filter((x) => x === k).length])))}`,
    );
    expect(perAlert.filter((n) => n < 1 || n > 2)).toEqual([]);
  }, 360_000);
});
