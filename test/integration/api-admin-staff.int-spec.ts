import { DataSource } from 'typeorm';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { loginToken } from '../support/auth';
import { createTestDatabase } from '../support/database';

describe('Staff administration (内置用户库)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let admin: Caller;
  let analyst: Caller;
  const staffCaller = (token: string, role = 'analyst'): Caller => ({
    kind: 'staff',
    name: role,
    role: role as never,
    regionCode: '330100',
    token,
  });
  const signIn = (username: string, password: string) =>
    fetch(`${app.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    await seedDemoStaff(app.app.get(StaffDirectoryService));
    admin = staffCaller(await loginToken(app.url, 'demo.admin', DEMO_STAFF_PASSWORD), 'admin');
    analyst = staffCaller(await loginToken(app.url, 'demo.analyst', DEMO_STAFF_PASSWORD));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('should let an admin create, disable, enable and reset an account, each step taking effect at once and logged', async () => {
    const created = await call(app.url, admin, 'POST', '/v1/admin/staff', {
      username: 'Gongshu.Officer',
      displayName: '拱墅区监管员',
      role: 'county_officer',
      regionCode: '330105',
      password: 'first-password-2026',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      username: 'gongshu.officer',
      displayName: '拱墅区监管员',
      role: 'county_officer',
      regionCode: '330105',
      disabled: false,
    });
    const id = created.body.id as string;
    expect((await signIn('gongshu.officer', 'first-password-2026')).status).toBe(200);
    const officer = staffCaller(await loginToken(app.url, 'gongshu.officer', 'first-password-2026'), 'county_officer');

    expect((await call(app.url, admin, 'POST', `/v1/admin/staff/${id}/disable`)).body).toMatchObject({
      id,
      disabled: true,
    });
    // Its unexpired token is refused now on every route, the evidence desk's staff-or-firm routes included.
    expect((await call(app.url, officer, 'GET', '/v1/alerts')).status).toBe(401);
    expect((await call(app.url, officer, 'GET', '/v1/evidence/chain')).status).toBe(401);
    expect((await call(app.url, officer, 'POST', '/v1/evidence/verify', { receipt: {} })).status).toBe(401);
    expect((await signIn('gongshu.officer', 'first-password-2026')).status).toBe(401);

    expect((await call(app.url, admin, 'POST', `/v1/admin/staff/${id}/enable`)).body).toMatchObject({
      id,
      disabled: false,
    });
    // Enabling lets the account sign in again; the token held when it was disabled stays revoked.
    expect((await call(app.url, officer, 'GET', '/v1/alerts')).body).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/revoked/),
    });
    const again = staffCaller(await loginToken(app.url, 'gongshu.officer', 'first-password-2026'), 'county_officer');
    expect((await call(app.url, again, 'GET', '/v1/alerts')).status).toBe(200);
    expect((await call(app.url, again, 'GET', '/v1/evidence/chain')).status).toBe(200);

    expect(
      (await call(app.url, admin, 'PUT', `/v1/admin/staff/${id}/password`, { password: 'second-password-2026' }))
        .status,
    ).toBe(200);
    // A token issued before the reset is refused at once, everywhere.
    expect((await call(app.url, again, 'GET', '/v1/alerts')).status).toBe(401);
    expect((await call(app.url, again, 'GET', '/v1/evidence/chain')).status).toBe(401);
    expect((await signIn('gongshu.officer', 'first-password-2026')).status).toBe(401);
    expect((await signIn('gongshu.officer', 'second-password-2026')).status).toBe(200);

    const list = await call(app.url, admin, 'GET', '/v1/admin/staff');
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain('gongshu.officer');
    expect(JSON.stringify(list.body)).not.toMatch(/password|scrypt/i);
    const logged = await app.app
      .get(DataSource)
      .query(
        `SELECT reason FROM staff_access_log WHERE path LIKE '/v1/admin/staff%' AND outcome = 'allowed' ORDER BY id`,
      );
    expect(logged.map((r: { reason: string }) => r.reason)).toEqual([
      'staff_created',
      'staff_disabled',
      'staff_enabled',
      'password_reset',
    ]);
  });

  it('should refuse other roles, bad fields by name, duplicates and unknown accounts', async () => {
    expect(
      (
        await call(app.url, analyst, 'POST', '/v1/admin/staff', {
          username: 'x.y',
          displayName: 'x',
          role: 'analyst',
          regionCode: '330100',
          password: 'long-enough-password',
        })
      ).status,
    ).toBe(403);
    const bad = await call(app.url, admin, 'POST', '/v1/admin/staff', {
      username: 'county.boss',
      displayName: '某人',
      role: 'bureau_head',
      regionCode: '330105',
      password: 'short',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/password', '/regionCode']);
    expect(
      (
        await call(app.url, admin, 'POST', '/v1/admin/staff', {
          username: 'demo.analyst',
          displayName: '重名',
          role: 'analyst',
          regionCode: '330100',
          password: 'long-enough-password',
        })
      ).status,
    ).toBe(409);
    expect(
      (await call(app.url, admin, 'POST', '/v1/admin/staff/00000000-0000-0000-0000-000000000000/disable')).status,
    ).toBe(404);
    expect(
      (await call(app.url, admin, 'PUT', '/v1/admin/staff/not-an-id/password', { password: 'long-enough-password' }))
        .status,
    ).toBe(404);
  });
});
