import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AlertsModule } from '../../src/alerts/alerts.module';
import { AuthModule } from '../../src/api/auth/auth.module';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { ProblemFilter } from '../../src/api/problem.filter';
import { ScoringApiModule } from '../../src/api/scoring/scoring-api.module';
import { EvidenceChainModule } from '../../src/evidence-chain/evidence-chain.module';
import { ALL_EVIDENCE_KINDS } from '../../src/evidence-kinds';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { demoCreditCode } from '../../src/firms/demo-firms';
import { FirmsModule } from '../../src/firms/firms.module';
import { FirmsService } from '../../src/firms/firms.service';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { IngestModule } from '../../src/ingest/ingest.module';
import { EXAMPLE_IDS } from '../../src/ingest/schemas/examples';
import { residentIdCheckChar } from '../../src/ingest/schemas/resident-id';
import type { KeyPersonsRecord, RecordKind } from '../../src/ingest/schemas/records';
import { loadConfig } from '../../src/platform/config/config';
import { ConfigModule } from '../../src/platform/config/config.module';
import { DatabaseModule } from '../../src/platform/database/database.module';
import { HealthModule } from '../../src/platform/health/health.module';
import { MetricsModule } from '../../src/platform/metrics/metrics.module';
import { guaranteeReport, microLoanReport, p2pReport } from '../../src/scoring/features/firm-history.factory';
import { ASSESSMENT_COLUMNS } from '../../src/scoring/persistence/assessment-records';
import { BUNDLED_PACKS_DIR } from '../../src/scoring/rules/load-rule-pack';
import { ScoringModule } from '../../src/scoring/scoring.module';
import { AlertsAssessmentListener } from '../../src/alerts/assessment-signals';
import { ScoringService, todayInChina } from '../../src/scoring/scoring.service';
import { alertsEnv } from '../support/alerts-app';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms, type TestFirm } from '../support/ingest';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct-horse-scoring-2026';

/** Platform, auth, firms, ingest, alerts and scoring (role scoring: the poller runs) with the scoring routes. */
async function startScoringTestApp(databaseUrl: string): Promise<{ app: INestApplication; url: string }> {
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'text',
    DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl,
    ROLE: 'scoring',
    ID_HASH_KEY: randomBytes(32).toString('hex'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'scoring-')),
    SCORING_POLL_INTERVAL_MS: '200',
    ...alertsEnv({ ALERTS_ROBOTS: 'false' }),
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(databaseUrl, false),
      HealthModule,
      MetricsModule,
      AuthModule,
      EvidenceChainModule.forRoot(false, ALL_EVIDENCE_KINDS),
      FirmsModule,
      IngestModule.forRoot(false),
      AlertsModule.forRoot('scoring'),
      ScoringModule.forRoot('scoring', AlertsAssessmentListener),
      ScoringApiModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

/** The last day of the previous month (a monthly report that is current today). */
function lastMonthEnd(): string {
  const [y, m] = todayInChina().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

const periodEnd = lastMonthEnd();
const periodStart = `${periodEnd.slice(0, 8)}01`;

interface StoredAssessment {
  id: string;
  firmId: string;
  riskScore: string;
  machineScore: string;
  ruleScore: string;
  modelScore: string | null;
  tier: string;
  ruleTier: string;
  grade: string;
  packVersions: string[];
  explanation: {
    rulesFired: Array<{ ruleId: string; tier: string; explanation: string; veto: string | false }>;
    tierReasons: string[];
    propagation: Array<{ fromFirm: string; path: string }>;
    manual: { set: unknown; adjustments: unknown[] };
  };
}

describe(ScoringService.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let url: string;
  let dataSource: DataSource;
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  let related: { id: string; creditCode: string };
  let inspected: { id: string; creditCode: string }; // the platform of the findings test
  let heldByPlatform: { id: string; creditCode: string }; // the red platform's subsidiary
  const tokens: Record<'county' | 'analyst' | 'admin', string> = { county: '', analyst: '', admin: '' };

  const push = async (items: Array<{ kind: RecordKind; value: unknown }>) => {
    const results = await app.get(RecordIntakeService).accept(
      items.map((item, i) => ({ ...item, sourceRef: `scoring-test/${Date.now()}/${i}` })),
      { source: 'http' },
    );
    const refused = results.filter((r) => r.status !== 'accepted');
    if (refused.length) throw new Error(`intake refused: ${JSON.stringify(refused)}`);
  };
  const latest = async (firmId: string): Promise<StoredAssessment | undefined> =>
    (
      (await dataSource.query(
        `SELECT ${ASSESSMENT_COLUMNS} FROM assessments a WHERE a.firm_id = $1 ORDER BY a.as_of DESC, a.assessed_at DESC LIMIT 1`,
        [firmId],
      )) as StoredAssessment[]
    )[0];
  const assessedAfter = (firmId: string, after: string | null, what: string) =>
    waitFor(
      what,
      async () => {
        const a = await latest(firmId);
        return a && a.id !== after ? a : undefined;
      },
      15_000,
      100,
    );
  const call = async (path: string, token: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const keyPersons = (creditCode: string, recordId: string): KeyPersonsRecord => ({
    recordId,
    firmCreditCode: creditCode,
    asOf: periodEnd,
    persons: [
      { role: 'actual_controller', name: '张三', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      {
        role: 'legal_representative',
        name: `法人-${recordId}`,
        personType: 'natural_person',
        idNumber: EXAMPLE_IDS.otherPerson,
      },
    ],
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, url } = await startScoringTestApp(db.url));
    dataSource = app.get(DataSource);
    firms = await registerExampleFirms(app);
    const firm = await app.get(FirmsService).register({
      creditCode: demoCreditCode(77, '330106'),
      name: '西湖关联小额贷款有限公司',
      kind: 'micro_loan',
      regionCode: '330106',
    });
    related = { id: firm.id, creditCode: firm.creditCode };
    const directory = app.get(StaffDirectoryService);
    for (const [key, user] of Object.entries({
      county: { username: 'xihu.officer', displayName: '西湖区监管员', role: 'county_officer', regionCode: '330106' },
      analyst: { username: 'city.analyst', displayName: '市局分析员', role: 'analyst', regionCode: '330100' },
      admin: { username: 'sys.admin', displayName: '系统管理员', role: 'admin', regionCode: '330100' },
    } as const)) {
      await directory.create({ ...user, password: PASSWORD });
      const res = await fetch(`${url}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: PASSWORD }),
      });
      tokens[key as keyof typeof tokens] = ((await res.json()) as { accessToken: string }).accessToken;
    }
    // The poller's first tick re-scores every firm (a fresh database); the tests start after it.
    await waitFor(
      'the first full re-score',
      async () =>
        (await dataSource.query(`SELECT 1 FROM scoring_watermarks WHERE name = 'full_rescore' AND at IS NOT NULL`))
          .length > 0,
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should re-score a guarantor over 10x leverage within seconds of intake: yellow for FG-01, stored as an evidence leaf', async () => {
    const previous = (await latest(firms.guarantee.id))?.id ?? null;
    const started = Date.now();
    await push([
      {
        kind: 'guarantee_report',
        value: guaranteeReport(
          {
            reportId: `fg-${periodEnd}`,
            periodStart,
            guaranteeLiability: {
              smallMicroAndFarmers: '800000000.00',
              housing: '0.00',
              bondsAaPlus: '0.00',
              other: '2800000000.00',
            },
            claimsReserve: '40000000.00',
          },
          periodEnd,
          firms.guarantee.creditCode,
        ),
      },
    ]);
    const a = await assessedAfter(firms.guarantee.id, previous, 'the guarantor to be assessed by the poller');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(a.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'FG-01',
        tier: 'violation',
        explanation: '融资担保责任余额(折算后)为净资产的11.33倍，超过上限10倍',
      }),
    ]);
    expect(a.ruleTier).toBe('yellow');
    expect(a.explanation.tierReasons).toContain('超限违规 1 项');
    expect(['yellow', 'orange', 'red']).toContain(a.tier);
    expect(a.ruleScore).toBe('35.0');
    expect(a.packVersions).toEqual(['financing_guarantee@1', 'public_data@1']);
    // Composite as documented: S = 100 × (1 − (1 − R/100)(1 − M/100)).
    expect(Number(a.machineScore)).toBeCloseTo(100 * (1 - 0.65 * (1 - Number(a.modelScore) / 100)), 0);

    const [row] = await dataSource.query(
      `SELECT ${ASSESSMENT_COLUMNS}, a.features FROM assessments a WHERE a.id = $1`,
      [a.id],
    );
    const [leaf] = await dataSource.query(
      `SELECT content_hash, firm_id FROM evidence_leaves WHERE record_kind = 'assessment' AND record_id = $1`,
      [a.id],
    );
    expect(leaf.firm_id).toBe(firms.guarantee.id);
    expect(Buffer.from(leaf.content_hash).toString('hex')).toBe(
      Buffer.from(
        recordContentHash({ ...row, assessedAt: new Date(row.assessedAt).toISOString() }, nodeSha256),
      ).toString('hex'),
    );
  });

  it('should put a P2P platform splitting terms on red and a micro-lender lending across provinces on yellow', async () => {
    const previous = {
      p2p: (await latest(firms.p2p.id))?.id ?? null,
      mc: (await latest(firms.microLoan.id))?.id ?? null,
    };
    await push([
      {
        kind: 'p2p_report',
        value: p2pReport(
          { reportId: `p2p-${periodEnd}`, periodStart, averageLoanTermDays: 360, averageLenderTermDays: 30 },
          periodEnd,
          firms.p2p.creditCode,
        ),
      },
      {
        kind: 'micro_loan_report',
        value: microLoanReport(
          { reportId: `mc-${periodEnd}`, periodStart, outOfProvinceLoans: { count: 12, amount: '3600000.00' } },
          periodEnd,
          firms.microLoan.creditCode,
        ),
      },
    ]);
    const p2p = await assessedAfter(firms.p2p.id, previous.p2p, 'the P2P platform to be assessed');
    expect(p2p.tier).toBe('red');
    expect(p2p.explanation.rulesFired).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'EW-05/mismatch',
          tier: 'red',
          explanation: '出借端平均期限短于借款端平均期限，疑似期限拆分',
        }),
      ]),
    );
    const mc = await assessedAfter(firms.microLoan.id, previous.mc, 'the micro-lender to be assessed');
    expect(mc.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'MC-09',
        tier: 'violation',
        explanation: '存在借款人所在省份与公司注册省份不一致的跨省贷款',
      }),
    ]);
    expect(mc.ruleTier).toBe('yellow');
    // The alerts module received the red rule signal.
    await waitFor(
      'a red alert for EW-05/mismatch',
      async () =>
        (
          await dataSource.query(
            `SELECT 1 FROM alerts WHERE firm_id = $1 AND cause_key = 'rule:EW-05/mismatch' AND tier = 'red'`,
            [firms.p2p.id],
          )
        ).length > 0,
    );

    const portal = await fetch(`${url}/v1/portal/grade`, { headers: { authorization: `Bearer ${firms.p2p.key}` } });
    const grade = (await portal.json()) as any;
    expect(portal.status).toBe(200);
    expect(grade).toMatchObject({
      tier: 'red',
      reasons: expect.arrayContaining([
        expect.objectContaining({ ruleId: 'EW-05/mismatch', title: expect.any(String), tier: 'red' }),
      ]),
    });
    expect(JSON.stringify(grade)).not.toMatch(/model|riskScore|contribution/);
  });

  it("should flag a firm sharing the red platform's actual controller, with the path as the reason", async () => {
    const previous = (await latest(related.id))?.id ?? null;
    await push([
      { kind: 'key_persons', value: keyPersons(related.creditCode, 'kp-related') },
      {
        kind: 'micro_loan_report',
        value: microLoanReport({ reportId: `rel-${periodEnd}`, periodStart }, periodEnd, related.creditCode),
      },
    ]);
    const before = await assessedAfter(related.id, previous, 'the related firm to be assessed');
    // The red platform's key persons arrive: the platform is re-scored, and so is the related firm outside that batch.
    await push([{ kind: 'key_persons', value: keyPersons(firms.p2p.creditCode, 'kp-p2p') }]);
    const after = await waitFor('the related firm to be re-scored with a propagation flag', async () => {
      const a = await latest(related.id);
      return a && a.id !== before.id && a.explanation.propagation.length > 0 ? a : undefined;
    });
    expect(after.explanation.propagation).toEqual([
      { fromFirm: firms.p2p.creditCode, path: expect.stringContaining('实控人') },
    ]);
    expect(after.explanation.tierReasons).toContain('关联红色企业 1 家');
    expect(after.tier).not.toBe('none');
  });

  it("should flag a firm whose corporate shareholder is the red platform, though intake hashed the shareholder's credit code", async () => {
    const subsidiary = (heldByPlatform = await app.get(FirmsService).register({
      creditCode: demoCreditCode(79, '330106'),
      name: '西湖控股融资担保有限公司',
      kind: 'financing_guarantee',
      regionCode: '330106',
    }));
    const list: KeyPersonsRecord = {
      recordId: 'kp-subsidiary',
      firmCreditCode: subsidiary.creditCode,
      asOf: periodEnd,
      persons: [
        {
          role: 'shareholder',
          name: '示例网贷信息中介有限公司',
          personType: 'legal_person',
          idNumber: firms.p2p.creditCode,
          sharePct: '60',
        },
        {
          role: 'legal_representative',
          name: '王五',
          personType: 'natural_person',
          idNumber: `33010619900101004${residentIdCheckChar('33010619900101004')}`,
        },
      ],
    };
    await push([
      { kind: 'key_persons', value: list },
      {
        kind: 'guarantee_report',
        value: guaranteeReport({ reportId: `sub-${periodEnd}`, periodStart }, periodEnd, subsidiary.creditCode),
      },
    ]);
    const [stored] = await dataSource.query(
      `SELECT payload FROM ingest_records WHERE kind = 'key_persons' AND firm_id = $1`,
      [subsidiary.id],
    );
    expect(JSON.stringify(stored.payload)).not.toContain(firms.p2p.creditCode); // stored hashed, as every identity number
    const flagged = await waitFor('the subsidiary to be flagged through its corporate shareholder', async () => {
      const a = await latest(subsidiary.id);
      return a && a.explanation.propagation.length > 0 ? a : undefined;
    });
    expect(flagged.explanation.propagation).toEqual([
      { fromFirm: firms.p2p.creditCode, path: expect.stringContaining('股东') },
    ]);
  });

  it('should move the composite by a manual score as documented, and back when it is revoked', async () => {
    const base = (await latest(firms.guarantee.id))!;
    const adjusted = await call(`/v1/firms/${firms.guarantee.creditCode}/manual-scores`, tokens.analyst, 'POST', {
      mode: 'adjust',
      value: 20,
      reason: '现场检查发现代偿准备不足',
    });
    expect(adjusted.status).toBe(201);
    expect(Number(adjusted.body.assessment.riskScore)).toBeCloseTo(Math.min(100, Number(base.machineScore) + 20), 1);
    expect(adjusted.body.assessment.explanation.manual.adjustments).toEqual([
      expect.objectContaining({ mode: 'adjust', value: 20, reason: '现场检查发现代偿准备不足' }),
    ]);

    const set = await call(`/v1/firms/${firms.guarantee.creditCode}/manual-scores`, tokens.analyst, 'POST', {
      mode: 'set',
      value: 10,
      reason: '整改完成',
    });
    // set replaces the machine score, adjustments still add; the rule tier (yellow) is never lowered.
    expect(set.body.assessment.riskScore).toBe('30.0');
    expect(set.body.assessment.tier).toBe('yellow');

    const revoked = await call(
      `/v1/firms/${firms.guarantee.creditCode}/manual-scores/${set.body.manualScore.id}/revoke`,
      tokens.analyst,
      'POST',
      { reason: '录入错误' },
    );
    expect(revoked.status).toBe(200);
    expect(Number(revoked.body.assessment.riskScore)).toBeCloseTo(Math.min(100, Number(base.machineScore) + 20), 1);
    const list = await call(`/v1/firms/${firms.guarantee.creditCode}/manual-scores`, tokens.analyst);
    expect(list.body.items).toHaveLength(3);
    const leaves = await dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'manual_score'`,
    );
    expect(leaves[0].n).toBe(3);

    const refused = await call(`/v1/firms/${firms.guarantee.creditCode}/manual-scores`, tokens.county, 'POST', {
      mode: 'adjust',
      value: 5,
      reason: 'x',
    });
    expect(refused.status).toBe(403);
    const bad = await call(`/v1/firms/${firms.guarantee.creditCode}/manual-scores`, tokens.analyst, 'POST', {
      mode: 'set',
      value: -5,
      reason: 'x',
    });
    expect(bad.status).toBe(422);
  });

  it('should raise a platform to orange (一票否决) when an official records a confirmed finding, and lift it when the finding is closed', async () => {
    const platform = (inspected = await app.get(FirmsService).register({
      creditCode: demoCreditCode(78, '330106'),
      name: '西湖借贷信息中介有限公司',
      kind: 'p2p_lending',
      regionCode: '330106',
    }));
    const path = `/v1/firms/${platform.creditCode}/findings`;
    const finding = {
      code: 'term_splitting',
      source: '现场检查 2026-11',
      note: '抽查 30 笔借款，出借期限 1 个月对应借款期限 12 个月',
    };
    expect((await call(path, tokens.analyst, 'POST', finding)).status).toBe(403); // analysts read findings, officials confirm them
    const unknown = await call(path, tokens.county, 'POST', { ...finding, code: 'tax_evasion' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/code' })]);
    const future = await call(path, tokens.county, 'POST', { ...finding, confirmedOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ pointer: '/confirmedOn' })]);

    const confirmed = await call(path, tokens.county, 'POST', finding);
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.assessment.tier).toBe('orange');
    expect(confirmed.body.assessment.explanation.rulesFired).toEqual([
      expect.objectContaining({
        ruleId: 'P2P-07/conduct',
        tier: 'orange',
        veto: 'orange',
        explanation: expect.stringMatching(/^查实禁止性行为：.*期限拆分，一票否决$/),
      }),
    ]);
    const id = confirmed.body.finding.id as string;

    const bad = await call(`${path}/${id}/close`, tokens.county, 'POST', {
      reason: '整改完成',
      closedOn: '2000-01-01',
    });
    expect(bad.status).toBe(422);
    const closed = await call(`${path}/${id}/close`, tokens.county, 'POST', { reason: '整改完成，期限已匹配' });
    expect(closed.status).toBe(200);
    expect(closed.body.assessment.explanation.rulesFired.map((r: { ruleId: string }) => r.ruleId)).not.toContain(
      'P2P-07/conduct',
    );
    expect(closed.body.assessment.tier).not.toBe('orange');
    expect((await call(`${path}/${id}/close`, tokens.county, 'POST', { reason: '再次' })).status).toBe(409);

    const list = await call(path, tokens.analyst);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id,
        code: 'term_splitting',
        label: '期限拆分',
        closedBy: expect.objectContaining({ id: closed.body.closure.id, reason: '整改完成，期限已匹配' }),
      }),
    ]);
    // Both rows are evidence, hashed as served, and the table refuses edits.
    const leaves = await dataSource.query(
      `SELECT record_id, content_hash FROM evidence_leaves WHERE record_kind = 'finding' AND firm_id = $1 ORDER BY id`,
      [platform.id],
    );
    expect(leaves.map((l: { record_id: string }) => l.record_id)).toEqual([id, closed.body.closure.id]);
    expect(Buffer.from(leaves[0].content_hash).toString('hex')).toBe(
      Buffer.from(recordContentHash(confirmed.body.finding, nodeSha256)).toString('hex'),
    );
    await expect(dataSource.query(`UPDATE supervision_findings SET note = 'x' WHERE id = $1`, [id])).rejects.toThrow(
      'table supervision_findings is append-only: UPDATE is not allowed',
    );
  });

  it('should refuse a rule pack with a bad field naming the rule and field, dry-run a good one, and store the activated version with the next assessment', async () => {
    const v1 = readFileSync(join(BUNDLED_PACKS_DIR, 'micro_loan.v1.yaml'), 'utf8');
    const v2 = v1.replace(/^version: 1$/m, 'version: 2');
    expect(v2).not.toBe(v1);
    const broken = v2.replace(
      'metric: mc_out_of_province_loans_count > 0',
      'metric: mc_out_of_province_loan_total > 0',
    );
    const refused = await call('/v1/rule-packs', tokens.admin, 'POST', { yaml: broken });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain(
      'rule MC-09, field metric: unknown feature \\"mc_out_of_province_loan_total\\"',
    );
    expect((await call('/v1/rule-packs', tokens.analyst, 'POST', { yaml: v2 })).status).toBe(403);

    const uploaded = await call('/v1/rule-packs', tokens.admin, 'POST', { yaml: v2 });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ pack: 'micro_loan', version: 2, source: 'uploaded', active: false });
    expect((await call('/v1/rule-packs', tokens.admin, 'POST', { yaml: v2 })).status).toBe(409);

    const dry = await call('/v1/rule-packs/micro_loan/2/dry-run', tokens.analyst, 'POST', { dates: [todayInChina()] });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ active: 'micro_loan@1', candidate: 'micro_loan@2', points: 2, firms: 2 });
    expect(dry.body.rules.find((r: { ruleId: string }) => r.ruleId === 'MC-09')).toMatchObject({
      activeFired: 1,
      candidateFired: 1,
    });

    expect((await call('/v1/rule-packs/micro_loan/2/activate', tokens.analyst, 'POST')).status).toBe(403);
    const activated = await call('/v1/rule-packs/micro_loan/2/activate', tokens.admin, 'POST');
    expect(activated.status).toBe(200);
    const listed = await call('/v1/rule-packs', tokens.county);
    expect(
      listed.body
        .filter((p: { pack: string; active: boolean }) => p.pack === 'micro_loan' && p.active)
        .map((p: { version: number }) => p.version),
    ).toEqual([2]);

    const before = (await latest(firms.microLoan.id))!;
    await push([
      {
        kind: 'social_security_event',
        value: {
          eventId: `ss-${Date.now()}`,
          firmCreditCode: firms.microLoan.creditCode,
          occurredAt: periodEnd,
          fund: 'social_security',
          insuredHeadcount: 80,
          arrears: '0.00',
        },
      },
    ]);
    const next = await assessedAfter(
      firms.microLoan.id,
      before.id,
      'the micro-lender to be re-scored after the activation',
    );
    expect(next.packVersions).toEqual(['micro_loan@2', 'public_data@1']);

    const models = await call('/v1/models', tokens.county);
    expect(models.body.filter((m: { active: boolean }) => m.active)).toHaveLength(1);
    const model = await call(`/v1/models/${models.body[0].version}`, tokens.county);
    expect(model.body.metrics.model.rocAuc ?? model.body.metrics.model.auc).toBeDefined();
  });

  it('should show a county officer only their county in the ranking, ranked across all firms', async () => {
    await app.get(ScoringService).rescoreAll();
    const county = await call('/v1/ranking?limit=50', tokens.county);
    expect(county.status).toBe(200);
    expect(county.body.items.map((r: { regionCode: string }) => r.regionCode)).toEqual([
      '330106',
      '330106',
      '330106',
      '330106',
    ]);
    expect(county.body.items.map((r: { creditCode: string }) => r.creditCode).sort()).toEqual(
      [firms.p2p.creditCode, related.creditCode, inspected.creditCode, heldByPlatform.creditCode].sort(),
    );
    expect(county.body.items[0]).toMatchObject({ creditCode: firms.p2p.creditCode, rank: 1, tier: 'red' });

    const city = await call('/v1/ranking?limit=2', tokens.analyst);
    expect(city.body.items).toHaveLength(2);
    const rest = await call(`/v1/ranking?limit=50&cursor=${city.body.nextCursor}`, tokens.analyst);
    expect([...city.body.items, ...rest.body.items].map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rest.body.nextCursor).toBeNull();

    // Firm-level routes are region-scoped too: another county's firm answers 404.
    expect((await call(`/v1/firms/${firms.guarantee.creditCode}/assessments`, tokens.county)).status).toBe(404);
    const history = await call(`/v1/firms/${firms.p2p.creditCode}/assessments?limit=1`, tokens.county);
    expect(history.body.items[0]).toMatchObject({ tier: 'red', packVersions: ['p2p_lending@1', 'public_data@1'] });
    const features = await call(`/v1/firms/${firms.p2p.creditCode}/features`, tokens.county);
    expect(features.body.features).toEqual(
      expect.arrayContaining([{ name: 'p2p_term_mismatch', value: true, zh: expect.any(String), unit: 'boolean' }]),
    );

    const lists = await call('/v1/lists', tokens.analyst);
    expect(lists.body.black.map((e: { creditCode: string }) => e.creditCode)).toContain(firms.p2p.creditCode);
    const listLeaves = await dataSource.query(
      `SELECT count(*)::int AS n FROM evidence_leaves WHERE record_kind = 'list_entry'`,
    );
    expect(listLeaves[0].n).toBeGreaterThan(0);
  });
});
