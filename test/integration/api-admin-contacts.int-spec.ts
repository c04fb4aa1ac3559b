import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertNotifier } from '../../src/alerts/alert-notifier.service';
import { AlertsService } from '../../src/alerts/alerts.service';
import { AlertsDirectoryService } from '../../src/alerts/directory/alerts-directory.service';
import { DEMO_STAFF_PASSWORD, seedDemoStaff } from '../../src/staff/demo-staff';
import { StaffDirectoryService } from '../../src/staff/staff-directory.service';
import { RunningApp } from '../../src/bootstrap';
import { demoCreditCode } from '../../src/firms/demo-firms';
import { assessmentSignal } from '../support/alerts-app';
import { startDingTalkReceiver, startWeComReceiver, TEST_ORIGINS_ENV } from '../support/alerts-receivers';
import { call, Caller } from '../support/api-callers';
import { startTestApp } from '../support/app';
import { loginToken } from '../support/auth';
import { createTestDatabase } from '../support/database';

const DINGTALK_SECRET = 'SECcontacts-test-secret-0001';

describe('Alert contacts administration (通讯录)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: RunningApp;
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let dingtalk: Awaited<ReturnType<typeof startDingTalkReceiver>>;
  let admin: Caller;
  let analyst: Caller;
  let officer: Caller;
  let xihuOfficerId: string;
  let xihuFirmId: string;
  const caller = async (username: string, role: string, regionCode: string): Promise<Caller> => ({
    kind: 'staff',
    name: role,
    role: role as never,
    regionCode,
    token: await loginToken(app.url, username, DEMO_STAFF_PASSWORD),
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    wecom = await startWeComReceiver();
    dingtalk = await startDingTalkReceiver(DINGTALK_SECRET);
    app = await startTestApp({ DATABASE_URL: db.url, ...TEST_ORIGINS_ENV });
    const users = app.app.get(StaffDirectoryService);
    await seedDemoStaff(users);
    admin = await caller('demo.admin', 'admin', '330100');
    analyst = await caller('demo.analyst', 'analyst', '330100');
    officer = await caller('demo.xihu', 'county_officer', '330106');
    xihuOfficerId = (await users.findByUsername('demo.xihu'))!.id;
    const [firm] = await app.app
      .get(DataSource)
      .query(
        `INSERT INTO firms (credit_code, name, kind, region_code) VALUES ($1, '西湖示范网络借贷信息中介有限公司', 'p2p_lending', '330106') RETURNING id`,
        [demoCreditCode(901, '330106')],
      );
    xihuFirmId = firm.id;
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([wecom, dingtalk].map((r) => r?.close()));
    await db?.drop();
  });

  it('should route the next alert to the webhook an admin sets for a county officer, and list it masked', async () => {
    await app.app.get(AlertsDirectoryService).entries(); // cached before the change: the route must invalidate it
    const contact = {
      phone: '13800000001',
      wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=xihu-robot-key-7f3a`,
      dingtalk: {
        webhook: `${dingtalk.url}/robot/send?access_token=xihu-dingtalk-token-9c1e`,
        secret: DINGTALK_SECRET,
      },
    };
    const set = await call(app.url, admin, 'PUT', `/v1/admin/staff/${xihuOfficerId}/contact`, contact);
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      id: xihuOfficerId,
      kind: 'staff',
      name: '演示 西湖区属地监管员',
      role: 'county_officer',
      regionCode: '330106',
      active: true,
      disabled: false,
      phone: '138****0001',
      wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?****`,
      dingtalkWebhook: `${dingtalk.url}/robot/send?****`,
      dingtalkSecretSet: true,
      channels: ['wecom', 'dingtalk', 'sms'],
    });

    // Yellow reaches the county officer on WeCom and DingTalk (routing.yaml).
    const raised = await app.app
      .get(AlertsService)
      .onSignal(assessmentSignal({ firmId: xihuFirmId, tier: 'yellow', assessedAt: new Date() }));
    expect(raised.notified).toBe(true);
    await app.app.get(AlertNotifier).drain();
    expect(wecom.accepted.map((m) => m.key)).toEqual(['xihu-robot-key-7f3a']);
    expect(dingtalk.accepted).toHaveLength(1); // signed with the stored secret: the receiver checked it

    const list = await call(app.url, admin, 'GET', '/v1/admin/contacts');
    expect(list.status).toBe(200);
    expect(list.body.items.find((c: { id: string }) => c.id === xihuOfficerId)).toEqual(set.body);
    expect(list.body.items.find((c: { name: string }) => c.name === '演示 分析员')).toMatchObject({
      kind: 'staff',
      phone: null,
      wecomWebhook: null,
      dingtalkSecretSet: false,
      channels: [],
    });
    expect(JSON.stringify(list.body)).not.toMatch(/xihu-robot-key|xihu-dingtalk-token|SECcontacts|13800000001|secret"/);

    // Full replacement: what the body leaves out is cleared.
    const cleared = await call(app.url, admin, 'PUT', `/v1/admin/staff/${xihuOfficerId}/contact`, {
      phone: '13800000001',
      active: false,
    });
    expect(cleared.body).toMatchObject({
      active: false,
      phone: '138****0001',
      wecomWebhook: null,
      dingtalkWebhook: null,
      dingtalkSecretSet: false,
      channels: ['sms'],
    });
  });

  it('should add an office and replace it, listing it without its secrets', async () => {
    const added = await call(app.url, admin, 'POST', '/v1/admin/offices', {
      name: '西湖区金融办',
      role: 'county_office',
      regionCode: '330106',
      wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=xihu-office-key`,
      dingtalk: { webhook: `${dingtalk.url}/robot/send?access_token=xihu-office-token`, secret: DINGTALK_SECRET },
    });
    expect(added.status).toBe(201);
    const id = added.body.id as string;
    expect(added.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'office',
      name: '西湖区金融办',
      role: 'county_office',
      regionCode: '330106',
      active: true,
      phone: null,
      wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?****`,
      dingtalkWebhook: `${dingtalk.url}/robot/send?****`,
      dingtalkSecretSet: true,
      channels: ['wecom', 'dingtalk'],
    });

    const replaced = await call(app.url, admin, 'PUT', `/v1/admin/offices/${id}`, {
      name: '西湖区人民政府总值班室',
      role: 'district_government',
      regionCode: '330106',
      phone: '057187654321',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({
      ...added.body,
      name: '西湖区人民政府总值班室',
      role: 'district_government',
      phone: '057*****4321',
      wecomWebhook: null,
      dingtalkWebhook: null,
      dingtalkSecretSet: false,
      channels: ['sms'],
    });

    const list = await call(app.url, admin, 'GET', '/v1/admin/contacts');
    expect(list.body.items.filter((c: { kind: string }) => c.kind === 'office')).toEqual([replaced.body]);
    expect(JSON.stringify(list.body)).not.toMatch(/xihu-office-key|xihu-office-token|SECcontacts|87654321/);
    const logged = await app.app
      .get(DataSource)
      .query(`SELECT reason FROM staff_access_log WHERE path LIKE '/v1/admin/%' AND outcome = 'allowed' ORDER BY id`);
    expect(logged.map((r: { reason: string }) => r.reason)).toEqual([
      'staff_contact_set',
      'staff_contact_set',
      'office_added',
      'office_updated',
    ]);
  });

  it('should answer 422 naming each bad field', async () => {
    const bad = await call(app.url, admin, 'PUT', `/v1/admin/staff/${xihuOfficerId}/contact`, {
      phone: '0571-87654321',
      wecomWebhook: 'qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x',
      dingtalk: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x', secret: '' },
      email: 'officer@example.gov.cn',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/dingtalk/secret',
      '/email',
      '/phone',
      '/wecomWebhook',
    ]);
    expect(bad.body.errors).toContainEqual({
      pointer: '/wecomWebhook',
      detail: 'must be an absolute URL (https://...)',
    });

    const office = await call(app.url, admin, 'POST', '/v1/admin/offices', {
      name: '',
      role: 'county_officer',
      regionCode: '990106',
      wecomWebhook: 'ftp://example.com/hook',
    });
    expect(office.status).toBe(422);
    expect(office.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/name',
      '/regionCode',
      '/role',
      '/wecomWebhook',
    ]);
  });

  it('should take robot webhooks only over https to the allow-listed robot hosts', async () => {
    const put = (addresses: object) =>
      call(app.url, admin, 'PUT', `/v1/admin/staff/${xihuOfficerId}/contact`, addresses);
    const dingtalk = (webhook: string) => ({ dingtalk: { webhook, secret: DINGTALK_SECRET } });
    const refusals = [
      [
        { wecomWebhook: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
        '/wecomWebhook',
        'must be an https: URL, not http:',
      ],
      [
        { wecomWebhook: 'https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k' },
        '/wecomWebhook',
        expect.stringMatching(/^host qyapi\.weixin\.qq\.com\.evil\.example is not an allowed destination/),
      ],
      [
        { wecomWebhook: 'http://169.254.169.254/latest/meta-data/' },
        '/wecomWebhook',
        'must be an https: URL, not http:',
      ],
      [
        dingtalk('http://oapi.dingtalk.com/robot/send?access_token=t'),
        '/dingtalk/webhook',
        'must be an https: URL, not http:',
      ],
      [
        dingtalk('https://10.0.0.8/robot/send?access_token=t'),
        '/dingtalk/webhook',
        expect.stringMatching(/^host 10\.0\.0\.8 is not an allowed destination/),
      ],
    ] as const;
    for (const [addresses, pointer, detail] of refusals) {
      const answer = await put(addresses);
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([{ pointer, detail }]);
    }
    const office = await call(app.url, admin, 'POST', '/v1/admin/offices', {
      name: '拱墅区金融办',
      role: 'county_office',
      regionCode: '330105',
      wecomWebhook: 'http://192.168.1.20:8080/hook?key=x',
    });
    expect(office).toMatchObject({
      status: 422,
      body: { errors: [{ pointer: '/wecomWebhook', detail: 'must be an https: URL, not http:' }] },
    });
  });

  it('should refuse other roles with 403 and unknown ids with 404', async () => {
    const office = {
      name: '杭州市公安局经侦支队',
      role: 'police_econ_crime',
      regionCode: '330100',
      phone: '057100000003',
    };
    for (const who of [analyst, officer]) {
      expect((await call(app.url, who, 'GET', '/v1/admin/contacts')).status).toBe(403);
      expect(
        (await call(app.url, who, 'PUT', `/v1/admin/staff/${xihuOfficerId}/contact`, { phone: '13800000002' })).status,
      ).toBe(403);
      expect((await call(app.url, who, 'POST', '/v1/admin/offices', office)).status).toBe(403);
    }
    const [staffRow] = await app.app
      .get(DataSource)
      .query(`SELECT id FROM staff_contacts WHERE staff_id = $1`, [xihuOfficerId]);
    for (const path of [`/v1/admin/staff/${randomUUID()}/contact`, '/v1/admin/staff/not-an-id/contact']) {
      const answer = await call(app.url, admin, 'PUT', path, { phone: '13800000002' });
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 404,
        type: expect.stringMatching(/application\/problem\+json/),
      });
    }
    // A staff member's contact row, or their staff id, is not an office.
    for (const id of [randomUUID(), 'not-an-id', staffRow.id, xihuOfficerId]) {
      expect({ id, status: (await call(app.url, admin, 'PUT', `/v1/admin/offices/${id}`, office)).status }).toEqual({
        id,
        status: 404,
      });
    }
    expect(
      (await call(app.url, admin, 'GET', '/v1/admin/contacts')).body.items.find(
        (c: { id: string }) => c.id === xihuOfficerId,
      ),
    ).toMatchObject({ kind: 'staff', phone: '138****0001' });
  });
});
