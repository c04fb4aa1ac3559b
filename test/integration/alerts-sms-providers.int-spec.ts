import { AlertDispatcher, type RetryPolicy } from '../../src/alerts/channels/alert-dispatcher';
import { buildAlertMessage } from '../../src/alerts/channels/alert-message';
import { buildChannels } from '../../src/alerts/channels/channels-config';
import type { SmsProviderConfig } from '../../src/alerts/channels/sms/sms-provider';
import type { PlannedDelivery } from '../../src/alerts/routing/route-alert';
import { loadConfig } from '../../src/platform/config/config';
import { alertsFactory } from '../support/alerts-factory';
import { TEST_DESTINATIONS, type Receiver } from '../support/alerts-receivers';
import { startAliyunSmsReceiver, startTencentSmsReceiver } from '../support/sms-provider-receivers';

const RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, attemptTimeoutMs: 2000 };
const TENCENT = { secretId: 'AKIDtest-secret-id', secretKey: 'tencent-secret-key-0123' };
const ALIYUN = { accessKeyId: 'LTAItest-key-id', accessKeySecret: 'aliyun-secret-0123' };

// Each provider's real request shape, signed as the provider documents, against a local receiver
// that recomputes the signature; and the providers' rate-limit and error codes mapped to retry or give up.
describe('SMS providers against local receivers', () => {
  const receivers: Receiver[] = [];
  const alert = alertsFactory.alert({
    id: '7a1c2a9e-7b1d-4c3e-9a8f-1d2e3f4a5b6c',
    tier: 'red',
    firmName: '西湖示范网络借贷信息中介有限公司',
    ackDeadline: new Date(Date.now() + 3600_000),
  });
  const message = buildAlertMessage(alert, 'opened', 'https://risk.example.gov.cn/m');
  const toPhone: PlannedDelivery = {
    channel: 'sms',
    target: { kind: 'sms', phone: '13800000001' },
    targetKey: 'sms:13800000001',
    recipientIds: ['officer'],
  };
  const dispatcherFor = (sms: SmsProviderConfig) =>
    new AlertDispatcher(
      buildChannels({
        mobileBaseUrl: 'https://risk.example.gov.cn/m',
        robots: false,
        sms,
        webPush: null,
        retry: RETRY,
        destinations: TEST_DESTINATIONS,
      }),
      RETRY,
    );
  const started = async <T extends Receiver>(r: Promise<T>): Promise<T> => {
    const receiver = await r;
    receivers.push(receiver);
    return receiver;
  };

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('should send Tencent Cloud SendSms with a TC3 signature the receiver recomputes, the approved template and its parameters in order', async () => {
    const tencent = await started(startTencentSmsReceiver(TENCENT.secretId, TENCENT.secretKey));
    // Chosen by configuration, as the service reads it.
    const config = loadConfig({
      DEMO_DATA: 'false',
      ALERTS_SMS_PROVIDER: 'tencent',
      ALERTS_SMS_ENDPOINT: tencent.url,
      ALERTS_SMS_SECRET_ID: TENCENT.secretId,
      ALERTS_SMS_SECRET_KEY: TENCENT.secretKey,
      ALERTS_SMS_SDK_APP_ID: '1400006666',
      ALERTS_SMS_SIGN_NAME: '杭州市地方金融监管局',
      ALERTS_SMS_TEMPLATE_ID: '449739',
      ALERTS_SMS_TEMPLATE_PARAMS: 'firm,tier,deadline',
    });
    const report = await dispatcherFor(config.alerts.sms as SmsProviderConfig).dispatch(message, [toPhone]);
    expect(report.deliveries[0]).toMatchObject({ status: 'delivered', providerMessageId: 'tc-1' });
    expect(tencent.accepted).toEqual([
      {
        PhoneNumberSet: ['+8613800000001'],
        SmsSdkAppId: '1400006666',
        SignName: '杭州市地方金融监管局',
        TemplateId: '449739',
        TemplateParamSet: [
          '西湖示范网络借贷信息中介有限公司',
          '红色预警',
          expect.stringMatching(/^\d{2}-\d{2} \d{2}:\d{2}$/),
        ],
      },
    ]);
  });

  it('should retry Tencent throttling (RequestLimitExceeded) and give up on a daily per-number limit', async () => {
    const throttled = await started(
      startTencentSmsReceiver(TENCENT.secretId, TENCENT.secretKey, [
        { Response: { Error: { Code: 'RequestLimitExceeded', Message: 'too many requests' } } },
      ]),
    );
    const sms = {
      provider: 'tencent' as const,
      endpoint: throttled.url,
      ...TENCENT,
      region: 'ap-guangzhou',
      smsSdkAppId: '1400006666',
      signName: '杭州市地方金融监管局',
      templateId: '449739',
      templateParams: ['firm' as const],
    };
    const retried = await dispatcherFor(sms).dispatch(message, [toPhone]);
    expect(retried.deliveries[0]).toMatchObject({ status: 'delivered' });
    expect(retried.deliveries[0].attempts).toHaveLength(2);

    const daily = await started(
      startTencentSmsReceiver(TENCENT.secretId, TENCENT.secretKey, [
        {
          Response: {
            SendStatusSet: [{ SerialNo: '', Code: 'LimitExceeded.PhoneNumberDailyLimit', Message: 'daily limit' }],
          },
        },
      ]),
    );
    const gaveUp = await dispatcherFor({ ...sms, endpoint: daily.url }).dispatch(message, [toPhone]);
    expect(gaveUp.deliveries[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('LimitExceeded.PhoneNumberDailyLimit'),
    });
    expect(gaveUp.deliveries[0].attempts).toHaveLength(1);

    const wrongKey = await dispatcherFor({ ...sms, endpoint: daily.url, secretKey: 'not-the-key' }).dispatch(message, [
      toPhone,
    ]);
    expect(wrongKey.deliveries[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('AuthFailure.SignatureFailure'),
    });
  });

  it('should send Alibaba Cloud SendSms with an ACS3 signature the receiver recomputes, the TemplateCode and named parameters', async () => {
    const aliyun = await started(startAliyunSmsReceiver(ALIYUN.accessKeyId, ALIYUN.accessKeySecret));
    const config = loadConfig({
      DEMO_DATA: 'false',
      ALERTS_SMS_PROVIDER: 'aliyun',
      ALERTS_SMS_ENDPOINT: aliyun.url,
      ALERTS_SMS_ACCESS_KEY_ID: ALIYUN.accessKeyId,
      ALERTS_SMS_ACCESS_KEY_SECRET: ALIYUN.accessKeySecret,
      ALERTS_SMS_SIGN_NAME: '杭州市地方金融监管局',
      ALERTS_SMS_TEMPLATE_ID: 'SMS_465930001',
    });
    const report = await dispatcherFor(config.alerts.sms as SmsProviderConfig).dispatch(message, [toPhone]);
    expect(report.deliveries[0]).toMatchObject({ status: 'delivered', providerMessageId: 'biz-1' });
    expect(aliyun.accepted).toEqual([
      {
        PhoneNumbers: '13800000001',
        SignName: '杭州市地方金融监管局',
        TemplateCode: 'SMS_465930001',
        TemplateParam: {
          firm: '西湖示范网络借贷信息中介有限公司',
          tier: '红色预警',
          deadline: expect.any(String),
          link: `https://risk.example.gov.cn/m/alerts/${alert.id}`,
        },
      },
    ]);
  });

  it('should retry Alibaba Cloud throttling and a minute-level limit, and give up on a day-level limit or an unapproved template', async () => {
    const sms = {
      provider: 'aliyun' as const,
      endpoint: '',
      ...ALIYUN,
      signName: '杭州市地方金融监管局',
      templateId: 'SMS_465930001',
      templateParams: ['firm' as const],
    };
    const throttled = await started(
      startAliyunSmsReceiver(ALIYUN.accessKeyId, ALIYUN.accessKeySecret, [
        { status: 400, json: { Code: 'Throttling.User', Message: 'Request was denied due to user flow control.' } },
        { status: 200, json: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' } },
      ]),
    );
    const retried = await dispatcherFor({ ...sms, endpoint: throttled.url }).dispatch(message, [toPhone]);
    expect(retried.deliveries[0]).toMatchObject({ status: 'delivered' });
    expect(retried.deliveries[0].attempts).toHaveLength(3);

    for (const [code, text] of [
      ['isv.BUSINESS_LIMIT_CONTROL', '触发天级流控Permits:10'],
      ['isv.SMS_TEMPLATE_ILLEGAL', '模板不合法(不存在或被拉黑)'],
    ]) {
      const refusing = await started(
        startAliyunSmsReceiver(ALIYUN.accessKeyId, ALIYUN.accessKeySecret, [
          { status: 200, json: { Code: code, Message: text } },
        ]),
      );
      const gaveUp = await dispatcherFor({ ...sms, endpoint: refusing.url }).dispatch(message, [toPhone]);
      expect(gaveUp.deliveries[0]).toMatchObject({ status: 'failed', error: expect.stringContaining(code) });
      expect(gaveUp.deliveries[0].attempts).toHaveLength(1);
    }
  });

  it('should refuse at boot a provider without its credentials, naming each key and never echoing a secret', () => {
    expect(() =>
      loadConfig({ DEMO_DATA: 'false', ALERTS_SMS_PROVIDER: 'tencent', ALERTS_SMS_SECRET_KEY: 'very-secret-value' }),
    ).toThrow(
      /ALERTS_SMS_SECRET_ID[\s\S]*ALERTS_SMS_SDK_APP_ID[\s\S]*ALERTS_SMS_SIGN_NAME[\s\S]*ALERTS_SMS_TEMPLATE_ID/,
    );
    expect(() =>
      loadConfig({ DEMO_DATA: 'false', ALERTS_SMS_PROVIDER: 'tencent', ALERTS_SMS_SECRET_KEY: 'very-secret-value' }),
    ).not.toThrow(/very-secret-value/);
    expect(() =>
      loadConfig({ DEMO_DATA: 'false', ALERTS_SMS_PROVIDER: 'aliyun', ALERTS_SMS_TEMPLATE_PARAMS: 'firm,phone' }),
    ).toThrow(/ALERTS_SMS_TEMPLATE_PARAMS may only name firm, tier, deadline, link, got 'phone'/);
  });
});
