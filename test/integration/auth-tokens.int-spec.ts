import { Controller, Get, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Client } from 'pg';
import { STAFF_ROLES } from '../../src/staff/staff-role';
import { AccessLogService } from '../../src/api/auth/access-log.service';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { CurrentStaff, StaffAuth } from '../../src/api/auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../src/staff/staff-principal';
import { createTestDatabase } from '../support/database';
import { getWithToken, loginToken, postJson, startAuthTestApp, staffUser, type AuthTestApp } from '../support/auth';

const FIRM = { id: '0b8c3b0e-5a7e-4a4e-8d0b-2f4a2c6a9e01', regionCode: '330106' };

/** A route as a business controller would write it: role guard, then region scope + access log. */
@Controller('probe')
class ProbeController {
  constructor(private readonly accessLog: AccessLogService) {}

  @Get('firms/:id')
  @StaffAuth('county_officer', 'section_head', 'auditor')
  async firm(
    @Param('id') id: string,
    @CurrentStaff() staff: StaffPrincipal,
    @Req() req: Request,
  ): Promise<{ id: string }> {
    await this.accessLog.authorizeFirmAccess(
      staff,
      { id, regionCode: FIRM.regionCode },
      { method: req.method, path: req.originalUrl },
    );
    return { id };
  }
}

describe('staff tokens over HTTP on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: AuthTestApp;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await startAuthTestApp(db.url, { AUTH_SIGNING_KEY: 'cd'.repeat(32) }, [ProbeController]);
    await seedDemoStaff(t.directory);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg?.end();
    await t?.close();
    await db?.drop();
  });

  async function logRows(username: string): Promise<Array<Record<string, any>>> {
    const { rows } = await pg.query(
      `SELECT staff_id, username, role, region_code, method, path, firm_id, outcome, reason, at FROM staff_access_log WHERE username = $1 ORDER BY id`,
      [username],
    );
    return rows;
  }

  it('should issue a token for the right password and show the principal at /v1/auth/me', async () => {
    const user = await t.directory.create(staffUser());
    const login = await postJson(`${t.url}/v1/auth/token`, {
      username: 'XiHu.Officer',
      password: 'correct-horse-330106',
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    expect(login.body).toEqual({
      accessToken: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresIn: 900,
    });

    const me = await getWithToken(`${t.url}/v1/auth/me`, login.body.accessToken);
    expect(me).toMatchObject({
      status: 200,
      body: {
        id: user.id,
        username: 'xihu.officer',
        displayName: '西湖区属地监管员',
        role: 'county_officer',
        regionCode: '330106',
        issuer: 'local',
      },
    });
    expect(await logRows('xihu.officer')).toEqual([
      expect.objectContaining({
        staff_id: user.id,
        role: 'county_officer',
        region_code: '330106',
        method: 'POST',
        path: '/v1/auth/token',
        outcome: 'allowed',
        reason: 'login',
      }),
    ]);
  });

  it('should publish the public key at /v1/auth/jwks without a token', async () => {
    const { status, body } = await getWithToken(`${t.url}/v1/auth/jwks`);
    expect(status).toBe(200);
    expect(body.keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String) }),
    ]);
    expect(body.keys[0].d).toBeUndefined();
  });

  it('should refuse /v1/auth/me with 401 problem+json when the token is missing, expired or tampered', async () => {
    await t.directory.create(staffUser({ username: 'gongshu.officer', regionCode: '330105' }));
    const token = await loginToken(t.url, 'gongshu.officer', 'correct-horse-330106');

    const missing = await fetch(`${t.url}/v1/auth/me`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({
      status: 401,
      code: 'unauthorized',
      detail: expect.stringMatching(/missing staff token/),
    });

    const [h, p, s] = token.split('.');
    const promoted = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin', region: '330100' }),
    ).toString('base64url');
    const tampered = await getWithToken(`${t.url}/v1/auth/me`, `${h}.${promoted}.${s}`);
    expect(tampered).toMatchObject({
      status: 401,
      body: { code: 'unauthorized', detail: expect.stringMatching(/signature is invalid/) },
    });

    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    expect((await getWithToken(`${t.url}/v1/auth/me`, unsigned)).body.detail).toMatch(/alg "none"/);

    t.clock.advance(15 * 60 * 1000);
    const expired = await getWithToken(`${t.url}/v1/auth/me`, token);
    expect(expired).toMatchObject({ status: 401, body: { detail: 'token has expired: request a new one' } });
  });

  it('should lock an account after 5 wrong passwords and refuse the right one until the lock expires', async () => {
    const user = await t.directory.create(staffUser({ username: 'locked.officer' }));
    const attempt = (password: string) => postJson(`${t.url}/v1/auth/token`, { username: 'locked.officer', password });
    const unknown = await postJson(`${t.url}/v1/auth/token`, { username: 'nobody.here', password: 'whatever-it-is' });
    expect(unknown.status).toBe(401);

    for (let i = 0; i < 5; i++) {
      const wrong = await attempt(`wrong-password-${i}`);
      // The same words as for a user who does not exist.
      expect(wrong).toMatchObject({ status: 401, body: { detail: unknown.body.detail } });
    }
    t.clock.advance(14 * 60 * 1000);
    expect((await attempt('correct-horse-330106')).body.detail).toBe(unknown.body.detail);
    t.clock.advance(60 * 1000);
    expect((await attempt('correct-horse-330106')).status).toBe(200);

    expect((await logRows('locked.officer')).map((r) => [r.staff_id, r.outcome, r.reason])).toEqual([
      [user.id, 'denied', 'bad_password'],
      [user.id, 'denied', 'bad_password'],
      [user.id, 'denied', 'bad_password'],
      [user.id, 'denied', 'bad_password'],
      [user.id, 'denied', 'bad_password_now_locked'],
      [user.id, 'denied', 'locked'],
      [user.id, 'allowed', 'login'],
    ]);
    expect(await logRows('nobody.here')).toEqual([
      expect.objectContaining({ staff_id: null, role: null, outcome: 'denied', reason: 'unknown_user' }),
    ]);
  });

  it('should evaluate no more passwords than the lockout allows when 60 logins for one account race', async () => {
    await t.directory.create(staffUser({ username: 'raced.officer' }));
    // 59 wrong passwords and the right one, all in flight at once from one address.
    const passwords = [...Array.from({ length: 59 }, (_, i) => `wrong-password-${i}`), 'correct-horse-330106'];
    const answers = await Promise.all(
      passwords.map((password) => postJson(`${t.url}/v1/auth/token`, { username: 'raced.officer', password })),
    );
    const statuses = answers.map((a) => a.status);
    // The (address, user) bucket is reserved before any await: exactly its burst (20) gets past it.
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    const reasons = (await logRows('raced.officer')).map((r) => r.reason as string);
    expect(reasons).toHaveLength(20);
    // Only a reserved attempt reaches scrypt with the real hash: at most the lockout's 5 (+ the right one).
    const evaluated = reasons.filter((r) => r.startsWith('bad_password') || r === 'login');
    expect(evaluated.filter((r) => r !== 'login').length).toBeLessThanOrEqual(5);
    expect(
      reasons.every((r) =>
        ['bad_password', 'bad_password_now_locked', 'login', 'locked', 'attempt_in_flight'].includes(r),
      ),
    ).toBe(true);
  });

  it('should sign in every one of several concurrent logins with the right password for one account', async () => {
    await t.directory.create(staffUser({ username: 'two.tabs', regionCode: '330105' }));
    // Two browser tabs, or two tools sharing a service account: the second waits for the first, never refused.
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        postJson(`${t.url}/v1/auth/token`, { username: 'two.tabs', password: 'correct-horse-330106' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });

  it('should keep an account signable from one address while another user fails there', async () => {
    await t.directory.create(staffUser({ username: 'nat.victim', regionCode: '330105' }));
    // The same client address (one NAT, one ingress) hammering another account past its own burst.
    const flood = await Promise.all(
      Array.from({ length: 30 }, () =>
        postJson(`${t.url}/v1/auth/token`, { username: 'nat.attacked', password: 'guess-guess-guess' }),
      ),
    );
    expect(flood.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    expect(
      (await postJson(`${t.url}/v1/auth/token`, { username: 'nat.victim', password: 'correct-horse-330106' })).status,
    ).toBe(200);
  });

  it('should refuse a malformed login body with 422 naming the fields', async () => {
    const { status, body } = await postJson(`${t.url}/v1/auth/token`, { user: 'x' });
    expect(status).toBe(422);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/username', detail: 'is required' },
        { pointer: '/password', detail: 'is required' },
        { pointer: '/user', detail: 'is not a known field' },
      ]),
    );
  });

  it('should allow and log firm access in scope, and deny and log it out of scope or role', async () => {
    const before = await t.directory.count();
    await seedDemoStaff(t.directory); // seeds an empty store only: a second run changes nothing
    expect(await t.directory.count()).toBe(before);
    expect(await t.directory.findByUsername('demo.province')).toMatchObject({ role: 'province', regionCode: '330000' });
    expect(DEMO_STAFF.map((s) => s.role)).toEqual(expect.arrayContaining([...STAFF_ROLES]));
    const path = `/probe/firms/${FIRM.id}`;
    const xihu = await loginToken(t.url, 'demo.xihu', DEMO_STAFF_PASSWORD);
    const gongshu = await loginToken(t.url, 'demo.gongshu', DEMO_STAFF_PASSWORD);
    const analyst = await loginToken(t.url, 'demo.analyst', DEMO_STAFF_PASSWORD);

    expect((await getWithToken(`${t.url}${path}?q=1`, xihu)).status).toBe(200);
    expect(await getWithToken(`${t.url}${path}`, gongshu)).toMatchObject({
      status: 403,
      body: { code: 'forbidden', detail: 'region 330106 is outside your region scope' },
    });
    expect(await getWithToken(`${t.url}${path}`, analyst)).toMatchObject({
      status: 403,
      body: { detail: expect.stringMatching(/^role analyst may not/) },
    });

    const firmRows = (
      await pg.query(
        `SELECT username, firm_id, outcome, reason, path FROM staff_access_log WHERE path LIKE '/probe/%' ORDER BY id`,
      )
    ).rows;
    expect(firmRows).toEqual([
      { username: 'demo.xihu', firm_id: FIRM.id, outcome: 'allowed', reason: null, path },
      { username: 'demo.gongshu', firm_id: FIRM.id, outcome: 'denied', reason: 'region_scope', path },
      { username: 'demo.analyst', firm_id: null, outcome: 'denied', reason: 'role', path },
    ]);
  });

  it('should refuse to update or delete access log rows', async () => {
    await expect(pg.query(`UPDATE staff_access_log SET outcome = 'allowed'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(pg.query(`DELETE FROM staff_access_log`)).rejects.toThrow(/append-only: DELETE/);
  });
});
