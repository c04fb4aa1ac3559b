import Ajv from 'ajv';
import { AlertsService } from '../../src/alerts/alerts.service';
import { buildOpenApiDocument } from '../../src/api/openapi/openapi';
import { RunningApp } from '../../src/bootstrap';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { EXAMPLE_IDS, examples } from '../../src/ingest/schemas/examples';
import { assessmentSignal } from '../support/alerts-app';
import { allCallers, call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { push, registerExampleFirms, TestFirm } from '../support/ingest';

describe('API firm profile (机构画像)', () => {
  let app: RunningApp;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let callers: Caller[];
  let firms: { p2p: TestFirm; microLoan: TestFirm; guarantee: TestFirm };
  const as = (name: string) => callers.find((c) => c.name === name)!;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url, INGEST_RATE_LIMIT: '1000' });
    firms = await registerExampleFirms(app.app);
    callers = await allCallers(app, firms.p2p, firms.guarantee);
    // The p2p firm (西湖区): reports and key persons; 张伟 is its legal representative, controller and 60 % holder.
    for (const [i, end] of ['2025-01-31', '2025-02-28'].entries()) {
      expect(
        (
          await push(
            app.url,
            '/v1/ingest/p2p_report',
            firms.p2p.key,
            examples.p2pReport({ reportId: `PROFILE-${i}`, periodStart: `${end.slice(0, 8)}01`, periodEnd: end }),
          )
        ).status,
      ).toBe(201);
    }
    expect((await push(app.url, '/v1/ingest/key_persons', firms.p2p.key, examples.keyPersons())).status).toBe(201);
    // The micro-loan firm (上城区 330102) names the same 张伟 (same id number) as its legal representative and a director.
    const related = examples.keyPersons({
      firmCreditCode: EXAMPLE_IDS.microLoanFirm,
      persons: [
        { role: 'legal_representative', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
        { role: 'director', name: '张伟', personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      ],
    });
    expect((await push(app.url, '/v1/ingest/key_persons', firms.microLoan.key, related)).status).toBe(201);
    // A court case against 张伟 arrives on the government feed.
    const [court] = await app.app.get(RecordIntakeService).accept(
      [
        {
          kind: 'court_event',
          value: examples.courtEvent({ subject: 'key_person', subjectIdNumber: EXAMPLE_IDS.person }),
          sourceRef: 'profile-test/court/0',
        },
      ],
      { source: 'kafka' },
    );
    expect(court.status).toBe('accepted');
    // An assessment (re-scored at once by the manual score) and an open alert.
    expect(
      (
        await call(app.url, as('analyst@330100'), 'POST', `/v1/firms/${firms.p2p.creditCode}/manual-scores`, {
          mode: 'adjust',
          value: 10,
          reason: '现场检查发现问题',
        })
      ).status,
    ).toBe(201);
    await app.app.get(AlertsService).onSignal(
      assessmentSignal({
        firmId: firms.p2p.id,
        cause: { kind: 'rule', ruleId: 'P2P-01' },
        tier: 'yellow',
        reasons: [{ ruleId: 'P2P-01', text: '同一自然人借款余额超过上限', value: '250000', threshold: '200000' }],
        periodId: '2025-02',
        assessedAt: new Date(),
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should hold every section of the profile the issue lists', async () => {
    const answer = await call(app.url, as('analyst@330100'), 'GET', `/v1/firms/${firms.p2p.creditCode}`);
    expect(answer.status).toBe(200);
    const p = answer.body;
    expect(Object.keys(p).sort()).toEqual(
      [
        'assessment',
        'assessmentHistory',
        'controllers',
        'evidence',
        'features',
        'firm',
        'governmentEvents',
        'keyPersons',
        'lists',
        'modelExplanation',
        'openAlerts',
        'recordCounts',
        'relatedParties',
        'relatedRisk',
        'reports',
        'rulesFired',
        'sentiment',
      ].sort(),
    );
    expect(p.reports.map((r: any) => r.asOf)).toEqual(['2025-02-28', '2025-01-31']);
    expect(p.features.features.length).toBeGreaterThan(5);
    expect(p.features.features[0]).toEqual(
      expect.objectContaining({ name: expect.any(String), zh: expect.anything() }),
    );
    // Assessments over time, the latest in full with its rules and the model's explanation.
    expect(p.assessment).toMatchObject({ firmId: firms.p2p.id, grade: expect.any(String), tier: expect.any(String) });
    expect(p.assessmentHistory.length).toBeGreaterThanOrEqual(1);
    expect(p.assessmentHistory[0]).toEqual({
      asOf: p.assessment.asOf,
      assessedAt: p.assessment.assessedAt,
      riskScore: p.assessment.riskScore,
      grade: p.assessment.grade,
      tier: p.assessment.tier,
      rank: p.assessment.rank,
      rankedFirms: p.assessment.rankedFirms,
    });
    expect(p.rulesFired).toEqual(p.assessment.explanation.rulesFired);
    expect(p.modelExplanation).toEqual(p.assessment.explanation.model);
    expect(p.assessment.explanation.manual.adjustments).toEqual([
      expect.objectContaining({ reason: '现场检查发现问题' }),
    ]);
    expect(Array.isArray(p.relatedRisk)).toBe(true);
    // Controllers and related parties, by name.
    expect(p.controllers).toEqual([
      { name: '张伟', kind: 'person', chain: ['张伟', '实控人', '示例网贷信息中介有限公司'] },
    ]);
    expect(p.relatedParties).toEqual({
      firms: [
        {
          creditCode: firms.microLoan.creditCode,
          name: '示例小额贷款有限公司',
          regionCode: '330102',
          via: [
            {
              name: '张伟',
              personType: 'natural_person',
              rolesHere: ['法定代表人', '实控人', '股东'],
              rolesThere: ['法定代表人', '董事'],
            },
          ],
        },
      ],
      outsideScope: 0,
      // 受益所有人 from the declared shares (no registry list yet): 张伟 60 %, the corporate holder 40 %.
      beneficialOwners: [
        {
          name: '张伟',
          kind: 'person',
          sharePct: 60,
          paths: [{ chain: ['张伟', '股东 60%', '示例网贷信息中介有限公司'], sharePct: 60 }],
        },
        {
          name: '杭州鑫融投资管理有限公司',
          kind: 'company',
          sharePct: 40,
          paths: [{ chain: ['杭州鑫融投资管理有限公司', '股东 40%', '示例网贷信息中介有限公司'], sharePct: 40 }],
        },
      ],
    });
    expect(p.governmentEvents).toEqual([
      expect.objectContaining({ kind: 'court_event', payload: expect.objectContaining({ subject: 'key_person' }) }),
    ]);
    expect(Object.keys(p.lists).sort()).toEqual(['black', 'white']);
    for (const entry of Object.values<any>(p.lists)) if (entry !== null) expect(entry.firmId).toBe(firms.p2p.id);
    expect(p.openAlerts).toEqual([
      expect.objectContaining({ tier: 'yellow', tierName: '黄色预警', status: 'open', causeLabel: expect.any(String) }),
    ]);
    expect(p.sentiment).toEqual([]);
  });

  it('should answer in the shapes the OpenAPI document describes', async () => {
    // The served document, its response schemas compiled as written (nullable is OpenAPI's, formats are documentation).
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(JSON.parse(JSON.stringify(buildOpenApiDocument(app.app))), 'openapi');
    const analyst = as('analyst@330100');
    const alertId = (await call(app.url, analyst, 'GET', '/v1/alerts')).body.items[0].id;
    const cases: Array<[string, string]> = [
      [`/v1/firms/${firms.p2p.creditCode}`, 'FirmProfile'],
      ['/v1/firms?limit=5', 'FirmPage'],
      ['/v1/alerts', 'AlertPage'],
      [`/v1/alerts/${alertId}`, 'AlertDetail'],
      ['/v1/ranking', 'RankingPage'],
      [`/v1/firms/${firms.p2p.creditCode}/assessments`, 'AssessmentPage'],
      [`/v1/firms/${firms.p2p.creditCode}/records?limit=3`, 'StoredRecordPage'],
    ];
    for (const [path, schema] of cases) {
      const answer = await call(app.url, analyst, 'GET', path);
      expect(answer.status).toBe(200);
      const validate = ajv.getSchema(`openapi#/components/schemas/${schema}`)!;
      expect({ path, errors: validate(answer.body) ? [] : validate.errors }).toEqual({ path, errors: [] });
    }
  });

  it('should never show an identity number, not even its keyed hash', async () => {
    const answer = await call(app.url, as('analyst@330100'), 'GET', `/v1/firms/${firms.p2p.creditCode}`);
    expect(answer.body.keyPersons.payload.persons.map((x: any) => Object.keys(x).sort())).toContainEqual([
      'name',
      'personType',
      'role',
      'sharePct',
    ]);
    for (const secret of [
      EXAMPLE_IDS.person,
      EXAMPLE_IDS.otherPerson,
      EXAMPLE_IDS.company,
      'kh1:',
      'idNumber',
      'subjectIdNumber',
    ])
      expect(answer.text).not.toContain(secret);
  });

  it('should show a firm that has sent nothing yet with empty sections', async () => {
    const answer = await call(app.url, as('county_officer@330105'), 'GET', `/v1/firms/${firms.guarantee.creditCode}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      reports: [],
      keyPersons: null,
      controllers: [],
      relatedParties: { firms: [], outsideScope: 0, beneficialOwners: [] },
      openAlerts: [],
    });
    // The scoring poller's full re-score grades every licensed firm, one without data too: at most that one assessment.
    expect(answer.body.assessmentHistory.length).toBeLessThanOrEqual(1);
    expect(answer.body.assessment?.assessedAt ?? null).toBe(answer.body.assessmentHistory[0]?.assessedAt ?? null);
    expect(answer.body.features.features.length).toBeGreaterThan(0);
  });

  it("should count related firms outside a county officer's scope without naming them", async () => {
    const answer = await call(app.url, as('county_officer@330106'), 'GET', `/v1/firms/${firms.p2p.creditCode}`);
    expect(answer.status).toBe(200);
    expect(answer.body.relatedParties).toMatchObject({ firms: [], outsideScope: 1 });
    expect(answer.text).not.toContain('示例小额贷款有限公司');
  });
});
