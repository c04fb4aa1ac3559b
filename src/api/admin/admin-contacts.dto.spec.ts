import { ValidationFailed } from '../../platform/errors/domain-error';
import { parseContactAddresses, parseOffice } from './admin-contacts.dto';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6';
const DINGTALK = { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'SECabc' };

/** The field problems a parser refuses `input` with. */
function problems(parse: (input: unknown) => unknown, input: unknown): Array<{ pointer: string; detail: string }> {
  try {
    parse(input);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.problems;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseContactAddresses', () => {
  it('should accept every address, nulls and an empty body', () => {
    const full = { phone: '13800000001', wecomWebhook: WECOM, dingtalk: DINGTALK, active: false };
    expect(parseContactAddresses(full)).toEqual(full);
    expect(parseContactAddresses({ phone: null, wecomWebhook: null, dingtalk: null, active: null })).toEqual({
      phone: null,
      wecomWebhook: null,
      dingtalk: null,
      active: null,
    });
    expect(parseContactAddresses({})).toEqual({});
  });

  it('should name every bad field at once when the body has several', () => {
    const found = problems(parseContactAddresses, {
      phone: '12345',
      wecomWebhook: 'qyapi.weixin.qq.com/send?key=x',
      dingtalk: { webhook: 'ftp://x/y', secret: '' },
      email: 'a@b.c',
    });
    expect(found.map((p) => p.pointer).sort()).toEqual([
      '/dingtalk/secret',
      '/dingtalk/webhook',
      '/email',
      '/phone',
      '/wecomWebhook',
    ]);
    expect(found).toContainEqual({ pointer: '/wecomWebhook', detail: 'must be an absolute URL (https://...)' });
    expect(found).toContainEqual({ pointer: '/dingtalk/webhook', detail: 'must be an http: or https: URL, not ftp:' });
    expect(found).toContainEqual({ pointer: '/email', detail: 'is not a known field' });
  });

  it('should refuse a DingTalk robot without its secret and a URL over 2048 characters once', () => {
    expect(problems(parseContactAddresses, { dingtalk: { webhook: DINGTALK.webhook } })).toEqual([
      { pointer: '/dingtalk/secret', detail: 'is required' },
    ]);
    expect(
      problems(parseContactAddresses, { dingtalk: { ...DINGTALK, secret: 'S'.repeat(201) } }).map((p) => p.pointer),
    ).toEqual(['/dingtalk/secret']);
    expect(problems(parseContactAddresses, { wecomWebhook: `https://x.cn/${'a'.repeat(2048)}` })).toEqual([
      { pointer: '/wecomWebhook', detail: 'must be at most 2048 characters long, got 2061' },
    ]);
  });

  it('should refuse a body that is not an object', () => {
    // RFC 6901: the whole document is the empty pointer.
    expect(problems(parseContactAddresses, [WECOM]).map((p) => p.pointer)).toEqual(['']);
    expect(problems(parseContactAddresses, null).map((p) => p.pointer)).toEqual(['']);
  });
});

describe('parseOffice', () => {
  const office = { name: '西湖区金融办', role: 'county_office', regionCode: '330106' };

  it('should accept an office with or without addresses', () => {
    expect(parseOffice(office)).toEqual(office);
    expect(parseOffice({ ...office, phone: '057187654321', wecomWebhook: WECOM })).toEqual({
      ...office,
      phone: '057187654321',
      wecomWebhook: WECOM,
    });
  });

  it('should refuse a staff role, a blank or long name and a region outside GB/T 2260', () => {
    expect(problems(parseOffice, { ...office, role: 'county_officer' })).toEqual([
      {
        pointer: '/role',
        detail:
          "must be one of 'county_office', 'district_government', 'city_government', 'police_econ_crime'; got 'county_officer'",
      },
    ]);
    expect(problems(parseOffice, { ...office, name: '   ' })).toEqual([
      { pointer: '/name', detail: 'must not be blank' },
    ]);
    expect(problems(parseOffice, { ...office, name: '办'.repeat(101) }).map((p) => p.pointer)).toEqual(['/name']);
    expect(problems(parseOffice, { ...office, regionCode: '990106' })).toEqual([
      { pointer: '/regionCode', detail: "has no province '99' in GB/T 2260" },
    ]);
    expect(problems(parseOffice, { ...office, regionCode: '3301' }).map((p) => p.pointer)).toEqual(['/regionCode']);
    expect(
      problems(parseOffice, { name: '某办' })
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['/regionCode', '/role']);
  });
});
