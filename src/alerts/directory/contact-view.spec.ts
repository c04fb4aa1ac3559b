import { contactView, maskPhone, type ContactRecord } from './contact-view';

const record = (overrides: Partial<ContactRecord> = {}): ContactRecord => ({
  id: 'a6c3d1e2-0000-4000-8000-000000000001',
  kind: 'staff',
  name: '王敏',
  role: 'county_officer',
  regionCode: '330106',
  active: true,
  disabled: false,
  phone: null,
  wecomWebhook: null,
  dingtalkWebhook: null,
  dingtalkSecretSet: false,
  ...overrides,
});

describe(maskPhone.name, () => {
  it('should keep the first 3 and last 4 digits when the number is a mobile or a landline', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
    expect(maskPhone('057187654321')).toBe('057*****4321');
    expect(maskPhone('0571876543')).toBe('057***6543');
  });

  it('should show at most 2 characters when the number is shorter than a valid one', () => {
    expect(maskPhone('12345678')).toBe('******78');
    expect(maskPhone('1234')).toBe('****');
    expect(maskPhone('')).toBe('');
  });
});

describe(contactView.name, () => {
  it('should mask the webhook credentials and the phone when every address is set', () => {
    const view = contactView(
      record({
        phone: '13912345678',
        wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx',
        dingtalkWebhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc123',
        dingtalkSecretSet: true,
        webPush: true,
      }),
    );
    expect(view).toEqual({
      ...record(),
      phone: '139****5678',
      wecomWebhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?****',
      dingtalkWebhook: 'https://oapi.dingtalk.com/robot/send?****',
      dingtalkSecretSet: true,
      channels: ['wecom', 'dingtalk', 'sms', 'webpush'],
    });
    expect(JSON.stringify(view)).not.toMatch(/693a91f6|abc123|9123/);
  });

  it('should list no channel when nothing is set', () => {
    expect(contactView(record({ kind: 'office', disabled: undefined })).channels).toEqual([]);
  });

  it('should not count DingTalk as a channel when its secret is missing', () => {
    const view = contactView(
      record({ dingtalkWebhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc', dingtalkSecretSet: false }),
    );
    expect(view.channels).toEqual([]);
    expect(view.dingtalkWebhook).toBe('https://oapi.dingtalk.com/robot/send?****');
  });
});
