import { INestApplication, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AuthModule } from '../../src/api/auth/auth.module';
import { AuthClock } from '../../src/api/auth/clock';
import { ManualClock } from '../../src/platform/clock';
import { StaffDirectoryService, type NewStaffUser } from '../../src/staff/staff-directory.service';
import { ProblemFilter } from '../../src/api/problem.filter';
import { ConfigModule } from '../../src/platform/config/config.module';
import { loadConfig } from '../../src/platform/config/config';
import { DatabaseModule } from '../../src/platform/database/database.module';

export interface AuthTestApp {
  app: INestApplication;
  url: string;
  /** Token expiry and lockout read this clock; move it instead of sleeping. */
  clock: ManualClock;
  directory: StaffDirectoryService;
  close(): Promise<void>;
}

/**
 * A small Nest app with the platform modules, AuthModule and optional extra controllers (e.g. a
 * probe route guarded by roles), on a per-file database; the clock is a ManualClock.
 */
export async function startAuthTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
  controllers: Type[] = [],
): Promise<AuthTestApp> {
  // Read as the service reads its environment (not via ./app: that pulls in every module of the app).
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'text',
    DEMO_DATA: 'false',
    DATABASE_URL: databaseUrl,
    ...env,
  });
  const clock = new ManualClock(new Date('2026-03-02T08:00:00Z'));
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(databaseUrl, false), AuthModule],
    controllers,
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  })
    .overrideProvider(AuthClock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    directory: app.get(StaffDirectoryService),
    close: () => app.close(),
  };
}

/** A complete staff user with overrides; the password satisfies the policy. */
export function staffUser(overrides: Partial<NewStaffUser> = {}): NewStaffUser {
  return {
    username: 'xihu.officer',
    displayName: '西湖区属地监管员',
    role: 'county_officer',
    regionCode: '330106',
    password: 'correct-horse-330106',
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

export async function getWithToken(
  url: string,
  token?: string,
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Logs in over HTTP and returns the access token, failing loudly when the login is refused. */
export async function loginToken(baseUrl: string, username: string, password: string): Promise<string> {
  const { status, body } = await postJson(`${baseUrl}/v1/auth/token`, { username, password });
  if (status !== 200) throw new Error(`login of ${username} refused with ${status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}
