import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { creditCodeCheckChar } from '../../src/firms/credit-code';
import { simulateTrajectories } from '../../src/ingest/simulator/firm-trajectory';
import { computeFeatures } from '../../src/scoring/features/compute-features';
import { buildMarketContext } from '../../src/scoring/features/market-context';
import { MODEL_ARTIFACTS_DIR } from '../../src/scoring/model/risk-model';
import { featureReferences } from '../../src/scoring/model/monitoring/drift';
import { ModelMonitoringService } from '../../src/scoring/model/monitoring/model-monitoring.service';
import { OutcomesService } from '../../src/scoring/outcomes/outcomes.service';
import { MODEL_FEATURES } from '../../src/scoring/model/model-features';
import { historyOfTrajectory, labelledRows } from '../../src/scoring/model/training-data';
import { loginToken, staffUser } from '../support/auth';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

const MONOTONE = 'v1-98a1272425';
const NOT_MONOTONE = 'v1-3b08c712f6'; // fails the check on 6 of 9 fixed-direction features

async function send(
  url: string,
  token: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('model promotion and monitoring', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let dataSource: DataSource;
  let root: string;
  let analyst: string;
  let officer: string;
  let modelOwnerId: string;

  const comparisonOf = async (version: string): Promise<string> => {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO model_comparisons (id, candidate_version, window_from, window_to, horizon_months, monotone, report) VALUES ($1, $2, '2025-04-30', '2025-09-30', 3, true, '{}')`,
      [id, version],
    );
    return id;
  };

  beforeAll(async () => {
    // A registry of its own: the old model served, the monotone one a candidate; both carry a training distribution.
    root = mkdtempSync(join(tmpdir(), 'model-registry-'));
    for (const v of [MONOTONE, NOT_MONOTONE]) cpSync(join(MODEL_ARTIFACTS_DIR, v), join(root, v), { recursive: true });
    writeFileSync(join(root, 'active.json'), JSON.stringify({ version: NOT_MONOTONE }));
    const reference = featureReferences(
      labelledRows(simulateTrajectories({ seed: 5, firms: 300, months: 12, startMonth: '2024-01' }), 12).map(
        (r) => r.x,
      ),
      MODEL_FEATURES,
    );
    for (const v of [MONOTONE, NOT_MONOTONE]) {
      const metaPath = join(root, v, 'metadata.json');
      writeFileSync(metaPath, JSON.stringify({ ...JSON.parse(readFileSync(metaPath, 'utf8')), reference }));
    }

    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, SCORING_MODEL_DIR: root });
    dataSource = app.app.get(DataSource);
    const staff = app.app.get(StaffDirectoryService);
    await staff.create(staffUser({ username: 'ml.analyst', role: 'analyst', regionCode: '330100' }));
    await staff.create(staffUser({ username: 'ml.officer', role: 'county_officer', regionCode: '330106' }));
    modelOwnerId = (
      await staff.create(
        staffUser({ username: 'ml.owner', displayName: '模型负责人', role: 'model_owner', regionCode: '330100' }),
      )
    ).id;
    analyst = await loginToken(app.url, 'ml.analyst', staffUser().password);
    officer = await loginToken(app.url, 'ml.officer', staffUser().password);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should refuse a promotion without the comparison report of that very version', async () => {
    const missing = await send(`${app.url}/v1/models/${MONOTONE}/activate`, analyst, 'POST', {});
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/comparisonId');
    const other = await send(`${app.url}/v1/models/${MONOTONE}/activate`, analyst, 'POST', {
      comparisonId: await comparisonOf(NOT_MONOTONE),
    });
    expect(other.status).toBe(422);
    expect(other.body.errors[0]).toEqual({
      pointer: '/comparisonId',
      detail: expect.stringContaining(`is about ${NOT_MONOTONE}`),
    });
    expect(JSON.parse(readFileSync(join(root, 'active.json'), 'utf8')).version).toBe(NOT_MONOTONE);
  });

  it('should let an analyst promote a monotone candidate with its report, as a traced power, and not an officer', async () => {
    const comparisonId = await comparisonOf(MONOTONE);
    expect((await send(`${app.url}/v1/models/${MONOTONE}/activate`, officer, 'POST', { comparisonId })).status).toBe(
      403,
    );
    const promoted = await send(
      `${app.url}/v1/models/${MONOTONE}/activate`,
      analyst,
      'POST',
      { comparisonId },
      { 'x-power-reason': encodeURIComponent('比较报告优于现行模型') },
    );
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ version: MONOTONE, previousVersion: NOT_MONOTONE, comparisonId });
    expect(JSON.parse(readFileSync(join(root, 'active.json'), 'utf8')).version).toBe(MONOTONE);
    expect(
      (await send(`${app.url}/v1/models`, analyst, 'GET')).body.find((m: { active: boolean }) => m.active),
    ).toMatchObject({ version: MONOTONE });
    const [trace] = await dataSource.query(
      `SELECT power_id, reason, before, after FROM power_traces WHERE power_id = 'rule_pack.activate'`,
    );
    expect(trace).toMatchObject({ power_id: 'rule_pack.activate', reason: '比较报告优于现行模型' });
    expect(JSON.stringify(trace.after)).toContain(MONOTONE);
  });

  it('should refuse to promote a model that fails the monotonicity check, whatever its report', async () => {
    const refused = await send(`${app.url}/v1/models/${NOT_MONOTONE}/activate`, analyst, 'POST', {
      comparisonId: await comparisonOf(NOT_MONOTONE),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/features/court_firm_dishonest');
    expect(JSON.parse(readFileSync(join(root, 'active.json'), 'utf8')).version).toBe(MONOTONE);
  });

  it("should fill outcomes from the registry and court feeds once, and take an official's outcome with a clear error for a bad one", async () => {
    const code = `91330106MA2ABCDE1${creditCodeCheckChar('91330106MA2ABCDE1')}`;
    const [{ id: firmId }] = await dataSource.query(
      `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ($1, '结局测试网贷', 'p2p_lending', '330106') RETURNING id`,
      [code],
    );
    const store = (kind: string, key: string, asOf: string, payload: object) =>
      dataSource.query(
        `INSERT INTO ingest_records (kind, firm_id, submission_id, business_key, version, as_of, source, source_ref, payload, content_hash) VALUES ($1, $2, $3, $3, 1, $4, 'http', 'test', $5, '\\x00')`,
        [kind, firmId, key, asOf, JSON.stringify(payload)],
      );
    for (const [i, day] of ['02', '05', '09', '15', '20'].entries()) {
      await store('court_event', `C${i}`, `2025-03-${day}`, {
        eventId: `C${i}`,
        firmCreditCode: code,
        occurredAt: `2025-03-${day}`,
        caseNumber: `C${i}`,
        type: 'lawsuit',
        subject: 'firm',
        plaintiffRole: 'lender',
      });
    }
    await store('registry_event', 'R1', '2025-08-01', {
      eventId: 'R1',
      firmCreditCode: code,
      occurredAt: '2025-08-01',
      type: 'deregistration',
      detail: '注销',
    });
    const outcomes = app.app.get(OutcomesService);
    expect(await outcomes.refreshFromFeeds()).toBe(2);
    expect(await outcomes.refreshFromFeeds()).toBe(0);

    const future = await send(`${app.url}/v1/firms/${code}/outcomes`, officer, 'POST', {
      outcome: 'case_filed',
      occurredOn: '2999-01-01',
      note: '公安立案',
    });
    expect(future.status).toBe(422);
    expect(future.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/occurredOn']);
    const unknown = await send(`${app.url}/v1/firms/${code}/outcomes`, officer, 'POST', {
      outcome: 'bankrupt',
      occurredOn: '2025-04-01',
      note: 'x',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/outcome']);
    expect(
      (
        await send(`${app.url}/v1/firms/${code}/outcomes`, officer, 'POST', {
          outcome: 'case_filed',
          occurredOn: '2025-04-01',
          note: '公安经侦立案通知书 2025-17',
        })
      ).status,
    ).toBe(201);

    const listed = await send(`${app.url}/v1/firms/${code}/outcomes`, officer, 'GET');
    expect(
      listed.body.items.map((o: { outcome: string; occurredOn: string; source: string }) => [
        o.outcome,
        o.occurredOn,
        o.source,
      ]),
    ).toEqual([
      ['run', '2025-03-20', 'court'],
      ['case_filed', '2025-04-01', 'official'],
      ['exit', '2025-08-01', 'registry'],
    ]);
  });

  it('should raise the PSI metric and a blue alert to the model owner for a shifted population, and not for an unshifted one', async () => {
    // Firms as the simulator makes them (another seed than the reference), assessed at month 6.
    const trajectories = simulateTrajectories({ seed: 9, firms: 300, months: 12, startMonth: '2024-01' });
    const firms: Array<{ id: string }> = await dataSource.query(
      `INSERT INTO firms (credit_code, name, kind, region_code) SELECT * FROM unnest($1::text[], $2::text[], $3::firm_kind[], $4::text[]) RETURNING id`,
      [
        trajectories.map((t) => t.firm.creditCode),
        trajectories.map((t) => t.firm.name),
        trajectories.map((t) => t.firm.kind),
        trajectories.map((t) => t.firm.regionCode),
      ],
    );
    const assess = async (asOf: string, shift: boolean) => {
      const histories = trajectories.map(historyOfTrajectory);
      const market = buildMarketContext(histories, trajectories[0].months[6].periodEnd);
      const features = trajectories.map((t, i) => {
        const f = computeFeatures({ ...histories[i], market }, t.months[6].periodEnd);
        return shift
          ? {
              ...f,
              overdue_rate: Math.min(1, Number(f.overdue_rate ?? 0) + 0.25),
              court_cases_180d: Number(f.court_cases_180d ?? 0) + 3,
            }
          : f;
      });
      await dataSource.query(
        `INSERT INTO assessments (id, firm_id, as_of, assessed_at, risk_score, rule_score, machine_score, quality_score, grade, tier, score_tier, rule_tier, rank, ranked_firms, pack_versions, model_version, explanation, features, trigger, rules_fired, propagation)
         SELECT gen_random_uuid(), f, $2::date, now(), 10, 10, 10, 100, 'A', 'none', 'none', 'none', 1, 1, '[]', $3, '{}', x, 'full', '[]', '[]' FROM unnest($1::uuid[], $4::jsonb[]) AS u(f, x)`,
        [firms.map((f) => f.id), asOf, 'v1-test', features.map((f) => JSON.stringify(f))],
      );
    };
    const monitoring = app.app.get(ModelMonitoringService);
    const modelAlerts = () =>
      dataSource.query(`SELECT id, tier, cause_key FROM alerts WHERE cause_key LIKE 'model_monitoring:%'`);

    await assess('2025-06-30', false);
    const calm = (await monitoring.run('2025-07-01', new Date()))!;
    expect(calm.population).toBe(300);
    expect(calm.psi!.filter((f) => f.psi >= 0.1)).toEqual([]);
    expect(Math.max(...calm.psi!.map((f) => f.psi))).toBeLessThan(0.25);
    expect(calm.breaches).toEqual([]);
    expect(await modelAlerts()).toEqual([]);

    await assess('2025-09-30', true);
    const shifted = (await monitoring.run('2025-10-01', new Date()))!;
    const psi = Object.fromEntries(shifted.psi!.map((f) => [f.feature, f.psi]));
    expect(psi.overdue_rate).toBeGreaterThan(0.25);
    expect(shifted.breaches.map((b) => b.check)).toEqual(['drift']);
    const [alert] = await modelAlerts();
    expect(alert).toMatchObject({ tier: 'blue', cause_key: 'model_monitoring:drift' });
    const [notified] = await dataSource.query(
      `SELECT payload FROM alert_events WHERE alert_id = $1 AND kind = 'notification'`,
      [alert.id],
    );
    expect(JSON.stringify(notified.payload)).toContain(modelOwnerId);

    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`risk_model_feature_psi\\{version="${shifted.version}",feature="overdue_rate"\\} [0-9.]+`),
    );
    // The daily run of the scoring role may have run too (on today's empty population): pick the runs by date.
    const runs = (await send(`${app.url}/v1/model-monitoring`, analyst, 'GET')).body.items as Array<{
      asOf: string;
      breaches: Array<{ check: string }>;
    }>;
    expect(runs.find((r) => r.asOf === '2025-10-01')?.breaches.map((b) => b.check)).toEqual(['drift']);
    expect(runs.find((r) => r.asOf === '2025-07-01')?.breaches).toEqual([]);
  });
});
