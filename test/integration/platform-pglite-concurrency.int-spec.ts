import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { examples } from '../../src/ingest/schemas/examples';
import { getWithToken, loginToken, staffUser } from '../support/auth';
import { startTestApp } from '../support/app';
import { TestFirm, push, registerExampleFirms } from '../support/ingest';
import { captureLog } from '../support/log-capture';
import { waitFor } from '../support/wait-for';

// The embedded default under the load that once interleaved pooled connections in PGlite's one
// session: intake pushes, API writes, the re-score poller, the anchor and the tamper scan at once.
const LOAD_MS = 8000;

/** Runs jobs with at most `limit` in flight; returns their results in order. */
async function inFlight<T>(limit: number, jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]();
      }
    }),
  );
  return results;
}

async function postFinding(baseUrl: string, token: string, creditCode: string, n: number): Promise<number> {
  const response = await fetch(`${baseUrl}/v1/firms/${creditCode}/findings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'false_advertising', source: '非现场监测', note: `并发测试 ${n}` }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('embedded PGlite under concurrent load', () => {
  let dataDir: string;
  let app: RunningApp;
  let log: ReturnType<typeof captureLog>;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let token: string;
  let db: DataSource;
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query(sql, params))[0].n);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'risk-pglite-load-'));
    log = captureLog();
    app = await startTestApp({
      DATA_DIR: dataDir,
      LOG_FORMAT: 'json',
      SCORING_POLL_INTERVAL_MS: '50',
      ANCHOR_INTERVAL_MS: '200',
      TAMPER_CHECK_INTERVAL_MS: '1000',
      INGEST_RATE_LIMIT: '1000', // the load, not the per-firm limiter, is under test
    });
    db = app.app.get(DataSource);
    firms = await registerExampleFirms(app.app);
    await app.app
      .get(StaffDirectoryService)
      .create(staffUser({ username: 'load.section', role: 'section_head', regionCode: '330100' }));
    token = await loginToken(app.url, 'load.section', staffUser().password);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    log?.restore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should answer 20 key_persons pushes 4 in flight and a staff firm list at the same time with 201 and 200', async () => {
    const pushes = Array.from(
      { length: 20 },
      (_, i) => () =>
        push(app.url, '/v1/ingest/key_persons', firms.p2p.key, examples.keyPersons({ recordId: `KP-EXACT-${i}` })).then(
          (r) => r.status,
        ),
    );
    const [statuses, list] = await Promise.all([inFlight(4, pushes), getWithToken(`${app.url}/v1/firms`, token)]);
    expect(statuses).toEqual(new Array(20).fill(201));
    expect(list.status).toBe(200);
    expect(
      await count(
        `SELECT count(*) AS n FROM ingest_records WHERE kind = 'key_persons' AND submission_id LIKE 'KP-EXACT-%'`,
      ),
    ).toBe(20);
  }, 60_000);

  it('should lose no row and log no error when intake, API writes, the poller, the anchor and the tamper scan run together', async () => {
    const statuses: Record<string, number[]> = { push: [], finding: [], list: [] };
    const until = Date.now() + LOAD_MS;
    // Each kind of work runs for LOAD_MS and at least this often, however slow a loaded machine is:
    // the overlap under test happens by construction, not by the machine's speed.
    const minimum: Record<keyof typeof statuses, number> = { push: 12, finding: 4, list: 3 };
    let n = 0;
    const loop = (kind: keyof typeof statuses, job: (i: number) => Promise<number>) => async () => {
      while (Date.now() < until || statuses[kind].length < minimum[kind]) statuses[kind].push(await job(n++));
    };
    await Promise.all([
      loop('push', (i) =>
        push(app.url, '/v1/ingest/key_persons', firms.p2p.key, examples.keyPersons({ recordId: `KP-LOAD-${i}` })).then(
          (r) => r.status,
        ),
      )(),
      loop('push', (i) =>
        push(
          app.url,
          '/v1/ingest/guarantee_report',
          firms.guarantee.key,
          examples.guaranteeReport({ reportId: `GR-LOAD-${i}` }),
        ).then((r) => r.status),
      )(),
      loop('finding', (i) => postFinding(app.url, token, firms.p2p.creditCode, i))(),
      loop('list', () => getWithToken(`${app.url}/v1/firms`, token).then((r) => r.status))(),
    ]);

    expect(statuses.push.filter((s) => s !== 201)).toEqual([]);
    expect(statuses.finding.filter((s) => s !== 201)).toEqual([]);
    expect(statuses.list.filter((s) => s !== 200)).toEqual([]);

    // Every accepted record and finding is stored once, with its evidence leaf, and sequenced.
    expect(
      await count(
        `SELECT count(*) AS n FROM ingest_records WHERE submission_id LIKE 'KP-LOAD-%' OR submission_id LIKE 'GR-LOAD-%'`,
      ),
    ).toBe(statuses.push.length);
    expect(await count(`SELECT count(*) AS n FROM supervision_findings WHERE note LIKE '并发测试 %'`)).toBe(
      statuses.finding.length,
    );
    expect(
      await count(`SELECT count(*) AS n FROM ingest_records r WHERE (r.submission_id LIKE 'KP-LOAD-%' OR r.submission_id LIKE 'GR-LOAD-%')
                   AND NOT EXISTS (SELECT 1 FROM evidence_leaves l WHERE l.record_kind = r.kind AND l.record_id = r.id::text)`),
    ).toBe(0);
    await waitFor(
      'the anchor to sequence every pending leaf',
      async () => (await count('SELECT count(*) AS n FROM evidence_pending')) === 0,
      30_000,
    );
    await waitFor(
      'the poller to score the guarantor',
      async () => (await count('SELECT count(*) AS n FROM assessments WHERE firm_id = $1', [firms.guarantee.id])) > 0,
      30_000,
    );
    expect(await count('SELECT count(*) AS n FROM evidence_tamper_findings')).toBe(0);

    const problems = log.lines.filter(
      (line) =>
        line.level === 'error' ||
        line.level === 'fatal' ||
        line.level === 'unparsed' ||
        (line.level === 'warn' && /fail|lost|terminat|does not exist/i.test(line.message)),
    );
    expect(problems).toEqual([]);
  }, 120_000);
});
