import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { generateVAPIDKeys } from 'web-push';
import { AlertDispatcher, type RetryPolicy } from '../../src/alerts/channels/alert-dispatcher';
import { buildAlertMessage, renderPushPayload } from '../../src/alerts/channels/alert-message';
import { buildChannels } from '../../src/alerts/channels/channels-config';
import type { Alert } from '../../src/alerts/domain/alert';
import { routeAlert, type PlannedDelivery } from '../../src/alerts/routing/route-alert';
import { loadDefaultRoutingConfig } from '../../src/alerts/routing/routing-config';
import type { DirectoryEntry } from '../../src/alerts/routing/staff-directory';
import { alertsFactory, HANGZHOU, XIHU } from '../support/alerts-factory';
import {
  createBrowserSubscription,
  startDingTalkReceiver,
  startFailingReceiver,
  startFlakyReceiver,
  startHangingReceiver,
  startSmsReceiver,
  startWebPushReceiver,
  startWeComReceiver,
  TEST_DESTINATIONS,
  type BrowserSubscription,
  type Receiver,
} from '../support/alerts-receivers';

const DINGTALK_SECRET = 'SECtest-robot-secret-0123456789abcdef';
const SMS = { apiKey: 'sms-key-123', header: 'X-Api-Key', templateId: 'SMS_ALERT_001' };
const RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, attemptTimeoutMs: 500 };

describe('alert channels against local receivers', () => {
  const vapid = generateVAPIDKeys();
  const receivers: Receiver[] = [];
  let wecom: Awaited<ReturnType<typeof startWeComReceiver>>;
  let dingtalk: Awaited<ReturnType<typeof startDingTalkReceiver>>;
  let sms: Awaited<ReturnType<typeof startSmsReceiver>>;
  let push: Awaited<ReturnType<typeof startWebPushReceiver>>;
  let browser: BrowserSubscription;
  let dispatcher: AlertDispatcher;

  const redAlert: Alert = alertsFactory.alert({
    id: '5f0c2a9e-7b1d-4c3e-9a8f-1d2e3f4a5b6c',
    tier: 'red',
    cause: { kind: 'rule', ruleId: 'EW-09' },
    causeKey: 'rule:EW-09',
    reasons: ['出借人提现延迟超过3天', '平台限制单日提现额度'],
    ackDeadline: new Date(Date.now() + 3600_000),
  });
  const message = buildAlertMessage(redAlert, 'opened', 'https://risk.example.gov.cn/m');

  beforeAll(async () => {
    wecom = await startWeComReceiver();
    dingtalk = await startDingTalkReceiver(DINGTALK_SECRET);
    sms = await startSmsReceiver(SMS);
    push = await startWebPushReceiver(() => browser, vapid.publicKey);
    browser = createBrowserSubscription(`${push.url}/push/v2/subscription-1`);
    receivers.push(wecom, dingtalk, sms, push);
    const channels = buildChannels({
      mobileBaseUrl: 'https://risk.example.gov.cn/m',
      robots: true,
      sms: {
        url: `${sms.url}/v1/sms/send`,
        ...{ apiKey: SMS.apiKey, apiKeyHeader: SMS.header, templateId: SMS.templateId },
      },
      webPush: {
        vapidPublicKey: vapid.publicKey,
        vapidPrivateKey: vapid.privateKey,
        subject: 'mailto:alerts@jrj.example.gov.cn',
      },
      retry: RETRY,
      destinations: TEST_DESTINATIONS,
    });
    dispatcher = new AlertDispatcher(channels, RETRY);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  function directory(): DirectoryEntry[] {
    return [
      alertsFactory.entry({
        id: 'co-xihu',
        name: '王敏',
        channels: {
          wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=group-xihu`,
          phone: '13800000001',
          webPushSubscriptions: [browser.subscription],
        },
      }),
      alertsFactory.entry({ id: 'co-gongshu', name: '赵磊', regionCode: '330105', channels: { phone: '13800000002' } }),
      alertsFactory.entry({
        id: 'sh',
        name: '陈科长',
        role: 'section_head',
        regionCode: HANGZHOU,
        channels: {
          wecomWebhook: `${wecom.url}/cgi-bin/webhook/send?key=group-xihu`,
          dingtalk: { webhook: `${dingtalk.url}/robot/send?access_token=leaders`, secret: DINGTALK_SECRET },
        },
      }),
      alertsFactory.entry({
        id: 'bh',
        name: '张局长',
        role: 'bureau_head',
        regionCode: HANGZHOU,
        channels: { phone: '13800000005' },
      }),
    ];
  }

  it("should deliver a red alert on every channel in each service's own format", async () => {
    const plan = routeAlert(
      { tier: 'red', firmRegionCode: XIHU, escalationLevel: 0 },
      loadDefaultRoutingConfig(),
      directory(),
    );
    expect(plan.recipients.map((r) => r.id).sort()).toEqual(['bh', 'co-xihu', 'sh']);

    const report = await dispatcher.dispatch(message, plan.deliveries);

    expect(report.deliveries.filter((d) => d.status !== 'delivered' || d.attempts.length !== 1)).toEqual([]);
    expect(report.byRecipient).toEqual({
      'co-xihu': { webpush: 'delivered', wecom: 'delivered', sms: 'delivered', log: 'delivered' },
      sh: { wecom: 'delivered', dingtalk: 'delivered', log: 'delivered' },
      bh: { sms: 'delivered', log: 'delivered' },
    });
    // One WeCom group shared by the officer and the section head: one message.
    expect(wecom.accepted).toHaveLength(1);
    expect(wecom.accepted[0].content).toContain('### 【红色预警·I级】杭州某某网络借贷信息中介服务有限公司');
    expect(dingtalk.accepted).toEqual([
      {
        title: '【红色预警】杭州某某网络借贷信息中介服务有限公司',
        text: expect.stringContaining('出借人提现延迟超过3天'),
      },
    ]);
    expect(sms.accepted.map((s) => s.phone).sort()).toEqual(['13800000001', '13800000005']);
    expect(sms.accepted[0].params).toMatchObject({
      tier: '红色预警',
      link: `https://risk.example.gov.cn/m/alerts/${redAlert.id}`,
    });
    expect(report.deliveries.find((d) => d.channel === 'sms')!.providerMessageId).toMatch(/^sms-/);

    expect(push.accepted).toHaveLength(1);
    expect(push.accepted[0].payload).toEqual(JSON.parse(renderPushPayload(message)));
    expect(push.accepted[0].vapid).toMatchObject({ aud: push.url, sub: 'mailto:alerts@jrj.example.gov.cn' });
    expect(push.accepted[0].headers).toMatchObject({ urgency: 'high', topic: '5f0c2a9e7b1d4c3e9a8f1d2e3f4a5b6c' });
    expect(Number(push.accepted[0].headers.ttl)).toBeGreaterThan(3500);
  });

  it('should have a wrongly signed DingTalk request rejected and not retry it', async () => {
    const before = dingtalk.requests.length;
    const report = await dispatcher.dispatch(message, [
      {
        channel: 'dingtalk',
        target: { kind: 'dingtalk', webhook: `${dingtalk.url}/robot/send?access_token=leaders`, secret: 'SECwrong' },
        targetKey: 'd',
        recipientIds: ['sh'],
      },
    ]);
    expect(report.deliveries[0]).toMatchObject({ status: 'failed', error: 'errcode 310000: sign not match' });
    expect(report.deliveries[0].attempts).toHaveLength(1);
    expect(dingtalk.requests.length - before).toBe(1);
  });

  it('should have the SMS gateway refuse a wrong API key', async () => {
    const wrongKey = new AlertDispatcher(
      buildChannels({
        mobileBaseUrl: 'https://m',
        robots: false,
        sms: { url: `${sms.url}/v1/sms/send`, apiKey: 'nope', apiKeyHeader: SMS.header, templateId: SMS.templateId },
        webPush: null,
        retry: RETRY,
        destinations: TEST_DESTINATIONS,
      }),
      RETRY,
    );
    const report = await wrongKey.dispatch(message, [
      { channel: 'sms', target: { kind: 'sms', phone: '13800000001' }, targetKey: 's', recipientIds: ['a'] },
    ]);
    expect(report.deliveries[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 401') });
  });

  it('should have the push service refuse a JWT signed with another VAPID key', async () => {
    const other = generateVAPIDKeys();
    const impostor = new AlertDispatcher(
      buildChannels({
        mobileBaseUrl: 'https://m',
        robots: false,
        sms: null,
        webPush: {
          vapidPublicKey: other.publicKey,
          vapidPrivateKey: other.privateKey,
          subject: 'mailto:x@example.org',
        },
        retry: RETRY,
        destinations: TEST_DESTINATIONS,
      }),
      RETRY,
    );
    const before = push.accepted.length;
    const report = await impostor.dispatch(message, [
      {
        channel: 'webpush',
        target: { kind: 'webpush', subscription: browser.subscription },
        targetKey: 'p',
        recipientIds: ['a'],
      },
    ]);
    expect(report.deliveries[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 403') });
    expect(push.accepted).toHaveLength(before);
  });

  it('should retry a flaky receiver, give up on a broken one and time out a hanging one, while the others deliver', async () => {
    const flaky = await startFlakyReceiver(2);
    const broken = await startFailingReceiver();
    const hanging = await startHangingReceiver();
    receivers.push(flaky, broken, hanging);
    const robot = (base: string, key: string): PlannedDelivery => ({
      channel: 'wecom',
      target: { kind: 'wecom', webhook: `${base}/cgi-bin/webhook/send?key=${key}` },
      targetKey: key,
      recipientIds: [key],
    });

    const started = Date.now();
    const report = await dispatcher.dispatch(message, [
      robot(flaky.url, 'flaky'),
      robot(broken.url, 'broken'),
      robot(hanging.url, 'hanging'),
      { channel: 'sms', target: { kind: 'sms', phone: '13800000001' }, targetKey: 'sms', recipientIds: ['sms'] },
      {
        channel: 'webpush',
        target: { kind: 'webpush', subscription: browser.subscription },
        targetKey: 'push',
        recipientIds: ['push'],
      },
    ]);
    const elapsed = Date.now() - started;

    expect(report.byRecipient).toEqual({
      flaky: { wecom: 'delivered' },
      broken: { wecom: 'failed' },
      hanging: { wecom: 'timed_out' },
      sms: { sms: 'delivered' },
      push: { webpush: 'delivered' },
    });
    const [flakyOutcome, brokenOutcome, hangingOutcome, smsOutcome] = report.deliveries;
    expect(flakyOutcome.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(flaky.requests).toHaveLength(3);
    expect(brokenOutcome).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 500') });
    expect(broken.requests).toHaveLength(RETRY.maxAttempts);
    expect(hangingOutcome.attempts).toHaveLength(RETRY.maxAttempts);
    expect(hangingOutcome.attempts.every((a) => a.timedOut)).toBe(true);
    // The healthy channels finished on their first attempt, long before the hanging one gave up.
    expect(smsOutcome.attempts).toHaveLength(1);
    expect(smsOutcome.attempts[0].durationMs).toBeLessThan(RETRY.attemptTimeoutMs);
    // Bounded: attempts x timeout plus the backoffs, not forever.
    expect(elapsed).toBeLessThan(RETRY.maxAttempts * RETRY.attemptTimeoutMs + 2 * RETRY.maxDelayMs + 1000);
  });

  it('should refuse an allow-listed name that resolves to a loopback address, before connecting', async () => {
    let connections = 0;
    const trap = createNetServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const port = (trap.address() as AddressInfo).port;
    try {
      // An operator lists a push host whose DNS answer is (or is rebound to) an internal address.
      const rebound = buildChannels({
        mobileBaseUrl: 'https://m',
        robots: true,
        sms: null,
        webPush: {
          vapidPublicKey: vapid.publicKey,
          vapidPrivateKey: vapid.privateKey,
          subject: 'mailto:alerts@jrj.example.gov.cn',
        },
        retry: RETRY,
        destinations: { robotHosts: ['localhost'], pushHosts: ['localhost'], testOrigins: [] },
      });
      const report = await new AlertDispatcher(rebound, RETRY).dispatch(message, [
        {
          channel: 'webpush',
          target: {
            kind: 'webpush',
            subscription: createBrowserSubscription(`https://localhost:${port}/push/x`).subscription,
          },
          targetKey: 'p',
          recipientIds: ['a'],
        },
        {
          channel: 'wecom',
          target: { kind: 'wecom', webhook: `https://localhost:${port}/cgi-bin/webhook/send?key=k` },
          targetKey: 'w',
          recipientIds: ['a'],
        },
      ]);
      for (const delivery of report.deliveries) {
        expect(delivery).toMatchObject({
          status: 'failed',
          error: 'destination refused: localhost resolves to a non-public address',
        });
        expect(delivery.attempts).toHaveLength(1);
      }
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });
});
