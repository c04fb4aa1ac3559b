// A Nest app with the platform, auth, evidence and alerts modules (services, worker, routes and the
// mobile page) on a per-file database, with a ManualClock, plus a seeded world: firms in 西湖区
// and 拱墅区, one official per routing role and offices, each reachable at the local receivers.
import { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { generateVAPIDKeys } from 'web-push';
import { AlertNotifier } from '../../src/alerts/alert-notifier.service';
import { AlertsClock } from '../../src/alerts/alerts-clock';
import { ManualClock } from '../../src/platform/clock';
import { AlertsModule } from '../../src/alerts/alerts.module';
import { AlertsService } from '../../src/alerts/alerts.service';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import type { AssessmentSignal } from '../../src/alerts/domain/assessment-signal';
import { EscalationWorker } from '../../src/alerts/escalation.worker';
import { AlertsApiModule } from '../../src/api/alerts/alerts-api.module';
import { AuthModule } from '../../src/api/auth/auth.module';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { ProblemFilter } from '../../src/api/problem.filter';
import { EvidenceChainModule } from '../../src/evidence-chain/evidence-chain.module';
import { ALL_EVIDENCE_KINDS } from '../../src/evidence-kinds';
import { TamperCheckService } from '../../src/evidence-chain/tamper/tamper-check.service';
import { demoCreditCode } from '../../src/firms/demo-firms';
import { loadConfig, type Role } from '../../src/platform/config/config';
import { ConfigModule } from '../../src/platform/config/config.module';
import { DatabaseModule } from '../../src/platform/database/database.module';
import { TEST_ORIGINS_ENV } from './alerts-receivers';
import { HealthModule } from '../../src/platform/health/health.module';
import { MetricsModule } from '../../src/platform/metrics/metrics.module';

export const ALERTS_PASSWORD = 'correct-horse-alerts-2026';
export const VAPID = generateVAPIDKeys();

export interface AlertsTestApp {
  app: INestApplication;
  url: string;
  clock: ManualClock;
  alerts: AlertsService;
  notifier: AlertNotifier;
  worker: EscalationWorker;
  tamper: TamperCheckService;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Environment for the alerts section of the config: fast retries, a fast timer, fixed VAPID keys. */
export function alertsEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ALERTS_MAX_ATTEMPTS: '3',
    ALERTS_RETRY_BASE_MS: '10',
    ALERTS_RETRY_MAX_MS: '50',
    ALERTS_ATTEMPT_TIMEOUT_MS: '2000',
    ALERTS_ESCALATION_INTERVAL_MS: '100',
    ALERTS_VAPID_PUBLIC_KEY: VAPID.publicKey,
    ALERTS_VAPID_PRIVATE_KEY: VAPID.privateKey,
    ALERTS_VAPID_SUBJECT: 'mailto:alerts@jrj.example.gov.cn',
    ALERTS_MOBILE_BASE_URL: 'https://risk.example.gov.cn/m',
    // The local receivers listen on 127.0.0.1 over http: opened for tests only, never by default.
    ...TEST_ORIGINS_ENV,
    ...overrides,
  };
}

export async function startAlertsTestApp(
  databaseUrl: string,
  env: Record<string, string>,
  clock: ManualClock,
  role: Role = 'alerts',
): Promise<AlertsTestApp> {
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'text',
    DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl,
    ROLE: role,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(databaseUrl, false),
      HealthModule,
      MetricsModule,
      AuthModule,
      EvidenceChainModule.forRoot(false, ALL_EVIDENCE_KINDS),
      AlertsModule.forRoot(role),
      AlertsApiModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  })
    .overrideProvider(AlertsClock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    alerts: app.get(AlertsService),
    notifier: app.get(AlertNotifier),
    worker: app.get(EscalationWorker),
    tamper: app.get(TamperCheckService),
    dataSource: app.get(DataSource),
    close: () => app.close(),
  };
}

export interface AlertsWorld {
  firms: { xihu: string; gongshu: string };
  staff: Record<
    'xihu' | 'gongshu' | 'section' | 'deputy' | 'head' | 'province' | 'auditor',
    { id: string; username: string }
  >;
  offices: Record<'xihuOffice' | 'xihuGovernment' | 'cityGovernment' | 'police', string>;
}

/** Firms, officials and offices; every person has their own WeCom robot key (= username) at `wecomUrl`. */
export async function seedAlertsWorld(
  app: AlertsTestApp,
  receivers: { wecomUrl: string; dingtalkUrl?: string; dingtalkSecret?: string },
): Promise<AlertsWorld> {
  const users = app.app.get(StaffDirectoryService);
  const contacts = app.app.get(AlertsDirectoryService);
  const firm = async (i: number, name: string, region: string) =>
    (
      (await app.dataSource.query(
        `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ($1, $2, 'p2p_lending', $3) RETURNING id`,
        [demoCreditCode(900 + i, region), name, region],
      )) as Array<{ id: string }>
    )[0].id;
  const firms = {
    xihu: await firm(1, '西湖示范网络借贷信息中介有限公司', '330106'),
    gongshu: await firm(2, '拱墅融资担保有限公司', '330105'),
  };
  const people = {
    xihu: {
      username: 'xihu.officer',
      displayName: '王敏',
      role: 'county_officer',
      regionCode: '330106',
      phone: '13800000001',
    },
    gongshu: {
      username: 'gongshu.officer',
      displayName: '赵磊',
      role: 'county_officer',
      regionCode: '330105',
      phone: '13800000002',
    },
    section: {
      username: 'section.head',
      displayName: '陈科长',
      role: 'section_head',
      regionCode: '330100',
      phone: '13800000003',
    },
    deputy: {
      username: 'deputy.head',
      displayName: '刘副局长',
      role: 'deputy_head',
      regionCode: '330100',
      phone: '13800000004',
    },
    head: {
      username: 'bureau.head',
      displayName: '张局长',
      role: 'bureau_head',
      regionCode: '330100',
      phone: '13800000005',
    },
    province: {
      username: 'province.duty',
      displayName: '省局值班',
      role: 'province',
      regionCode: '330000',
      phone: '13800000006',
    },
    auditor: {
      username: 'auditor',
      displayName: '孙审计',
      role: 'auditor',
      regionCode: '330100',
      phone: '13800000007',
    },
  } as const;
  const staff = {} as AlertsWorld['staff'];
  for (const [key, p] of Object.entries(people) as Array<[keyof typeof people, (typeof people)[keyof typeof people]]>) {
    const profile = await users.create({
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      regionCode: p.regionCode,
      password: ALERTS_PASSWORD,
    });
    await contacts.setStaffContact(profile.id, {
      phone: p.phone,
      wecomWebhook: `${receivers.wecomUrl}/cgi-bin/webhook/send?key=${p.username}`,
    });
    staff[key] = { id: profile.id, username: p.username };
  }
  const dingtalk = receivers.dingtalkUrl
    ? {
        webhook: `${receivers.dingtalkUrl}/robot/send?access_token=xihu-office`,
        secret: receivers.dingtalkSecret ?? '',
      }
    : null;
  const offices = {
    xihuOffice: await contacts.addOffice({
      name: '西湖区金融办',
      role: 'county_office',
      regionCode: '330106',
      dingtalk,
      wecomWebhook: `${receivers.wecomUrl}/cgi-bin/webhook/send?key=xihu-office`,
    }),
    xihuGovernment: await contacts.addOffice({
      name: '西湖区政府总值班室',
      role: 'district_government',
      regionCode: '330106',
      phone: '057100000001',
    }),
    cityGovernment: await contacts.addOffice({
      name: '杭州市政府总值班室',
      role: 'city_government',
      regionCode: '330100',
      phone: '057100000002',
    }),
    police: await contacts.addOffice({
      name: '杭州市公安局经侦支队',
      role: 'police_econ_crime',
      regionCode: '330100',
      phone: '057100000003',
    }),
  };
  return { firms, staff, offices };
}

let assessment = 0;

/** A complete assessment signal from scoring, with overrides. */
export function assessmentSignal(
  overrides: Partial<AssessmentSignal> & Pick<AssessmentSignal, 'firmId' | 'assessedAt'>,
): AssessmentSignal {
  return {
    cause: { kind: 'score_band' },
    tier: 'blue',
    reasons: [{ ruleId: 'P2P-03', text: '逾期率', value: '0.062', threshold: '0.05' }],
    veto: false,
    periodId: '2026-02',
    assessmentId: `assessment-${++assessment}-${Math.random().toString(36).slice(2, 8)}`,
    ...overrides,
  };
}

export async function staffToken(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: ALERTS_PASSWORD }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken)
    throw new Error(`login of ${username} refused with ${res.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}

export async function call(
  url: string,
  token: string,
  method = 'GET',
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}
