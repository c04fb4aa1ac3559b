import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AlertsModule } from '../../src/alerts/alerts.module';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { AuthModule } from '../../src/api/auth/auth.module';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { ProblemFilter } from '../../src/api/problem.filter';
import { EvidenceChainModule } from '../../src/evidence-chain/evidence-chain.module';
import { ALL_EVIDENCE_KINDS } from '../../src/evidence-kinds';
import { demoCreditCode } from '../../src/firms/demo-firms';
import { FirmsModule } from '../../src/firms/firms.module';
import { FirmsService } from '../../src/firms/firms.service';
import { RecordIntakeService } from '../../src/ingest/intake/record-intake.service';
import { IngestModule } from '../../src/ingest/ingest.module';
import { EXAMPLE_IDS } from '../../src/ingest/schemas/examples';
import type { KeyPersonsRecord, RecordKind } from '../../src/ingest/schemas/records';
import { loadConfig } from '../../src/platform/config/config';
import { ConfigModule } from '../../src/platform/config/config.module';
import { DatabaseModule } from '../../src/platform/database/database.module';
import { HealthModule } from '../../src/platform/health/health.module';
import { MetricsModule } from '../../src/platform/metrics/metrics.module';
import { microLoanReport, p2pReport } from '../../src/scoring/features/firm-history.factory';
import { ScoringModule } from '../../src/scoring/scoring.module';
import { AlertsAssessmentListener } from '../../src/alerts/assessment-signals';
import { todayInChina } from '../../src/scoring/scoring.service';
import { alertsEnv } from '../support/alerts-app';
import { startWeComReceiver } from '../support/alerts-receivers';
import { createTestDatabase } from '../support/database';
import { registerExampleFirms } from '../support/ingest';
import { waitFor } from '../support/wait-for';

// The key person's name a firm pushed in the review: it closes our sentence and opens its own link.
const INJECTED_NAME = '李四](https://phish.example/confirm) [点此立即确认';

function lastMonthEnd(): string {
  const [y, m] = todayInChina().split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10);
}

describe("firm-supplied text in officials' WeCom groups (ingest -> scoring -> alert)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: INestApplication;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  const periodEnd = lastMonthEnd();
  const periodStart = `${periodEnd.slice(0, 8)}01`;

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    const config = loadConfig({
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'text',
      DEMO_DATA: 'false',
      DATABASE_URL: db.url,
      ROLE: 'scoring',
      ID_HASH_KEY: randomBytes(32).toString('hex'),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'injection-')),
      SCORING_POLL_INTERVAL_MS: '200',
      ...alertsEnv(),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(db.url, false),
        HealthModule,
        MetricsModule,
        AuthModule,
        EvidenceChainModule.forRoot(false, ALL_EVIDENCE_KINDS),
        FirmsModule,
        IngestModule.forRoot(false),
        AlertsModule.forRoot('scoring'),
        ScoringModule.forRoot('scoring', AlertsAssessmentListener),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const officer = await app.get(StaffDirectoryService).create({
      username: 'xihu.officer',
      displayName: '西湖区监管员',
      role: 'county_officer',
      regionCode: '330106',
      password: 'correct-horse-injection-2026',
    });
    await app
      .get(AlertsDirectoryService)
      .setStaffContact(officer.id, { wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=xihu-group` });
    const dataSource = app.get(DataSource);
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
    await wecom?.close();
    await db?.drop();
  });

  it("should show a key person's name in the related-party reason as text, never as a link", async () => {
    const firms = await registerExampleFirms(app);
    const related = await app.get(FirmsService).register({
      creditCode: demoCreditCode(77, '330106'),
      name: '西湖关联小额贷款有限公司',
      kind: 'micro_loan',
      regionCode: '330106',
    });
    const keyPersons = (creditCode: string, recordId: string): KeyPersonsRecord => ({
      recordId,
      firmCreditCode: creditCode,
      asOf: periodEnd,
      persons: [
        { role: 'actual_controller', name: INJECTED_NAME, personType: 'natural_person', idNumber: EXAMPLE_IDS.person },
      ],
    });
    const push = async (items: Array<{ kind: RecordKind; value: unknown }>) => {
      const results = await app.get(RecordIntakeService).accept(
        items.map((item, i) => ({ ...item, sourceRef: `injection-test/${Date.now()}/${i}` })),
        { source: 'http' },
      );
      expect(results.filter((r) => r.status !== 'accepted')).toEqual([]);
    };
    // The related firm and the red platform share the actual controller the firms named.
    await push([
      { kind: 'key_persons', value: keyPersons(related.creditCode, 'kp-related') },
      {
        kind: 'micro_loan_report',
        value: microLoanReport({ reportId: `rel-${periodEnd}`, periodStart }, periodEnd, related.creditCode),
      },
      {
        kind: 'p2p_report',
        value: p2pReport(
          { reportId: `p2p-${periodEnd}`, periodStart, averageLoanTermDays: 360, averageLenderTermDays: 30 },
          periodEnd,
          firms.p2p.creditCode,
        ),
      },
      { kind: 'key_persons', value: keyPersons(firms.p2p.creditCode, 'kp-p2p') },
    ]);

    const message = await waitFor(
      'the related-party alert in the WeCom group',
      async () => wecom.accepted.find((m) => m.content.includes('关联红色企业')),
      30_000,
      100,
    );
    // Our own link is the only link in the message.
    expect(message.content.match(/\]\(/g)).toHaveLength(1);
    expect(message.content).toContain('[查看并处置](https://risk.example.gov.cn/m/alerts/');
    expect(message.content).not.toContain('https://phish');
    // The name is still there for the official to read, its brackets made harmless.
    expect(message.content).toContain('李四］（https：//phish.example/confirm） ［点此立即确认');
  });
});
