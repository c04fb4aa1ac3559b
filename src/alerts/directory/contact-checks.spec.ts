import { PHONE_PATTERN, webhookUrlProblem } from './contact-checks';

describe('PHONE_PATTERN', () => {
  const phone = new RegExp(PHONE_PATTERN);

  it('should accept a mobile number and a landline with its area code', () => {
    for (const ok of ['13800000001', '19912345678', '057187654321', '01012345678', '0571876543'])
      expect({ ok, match: phone.test(ok) }).toEqual({ ok, match: true });
  });

  it('should refuse a number without an area code, with a country code or with separators', () => {
    for (const bad of [
      '12800000001',
      '1380000000',
      '138000000012',
      '87654321',
      '+8613800000001',
      '0571-87654321',
      '057',
      '05718765432100',
    ]) {
      expect({ bad, match: phone.test(bad) }).toEqual({ bad, match: false });
    }
  });
});

describe(webhookUrlProblem.name, () => {
  it('should accept the WeCom and DingTalk robot URLs and a local http receiver', () => {
    expect(webhookUrlProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBeNull();
    expect(webhookUrlProblem('https://oapi.dingtalk.com/robot/send?access_token=abc')).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/cgi-bin/webhook/send?key=x')).toBeNull();
  });

  it('should say why when the value is not an absolute http(s) URL', () => {
    expect(webhookUrlProblem('qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x')).toBe(
      'must be an absolute URL (https://...)',
    );
    expect(webhookUrlProblem('/cgi-bin/webhook/send')).toBe('must be an absolute URL (https://...)');
    expect(webhookUrlProblem('ftp://example.com/hook')).toBe('must be an http: or https: URL, not ftp:');
    expect(webhookUrlProblem('javascript:alert(1)')).toBe('must be an http: or https: URL, not javascript:');
  });

  it('should refuse spaces, credentials in the URL and URLs over 2048 characters', () => {
    expect(webhookUrlProblem(' https://example.com/hook')).toBe('must not contain spaces or line breaks');
    expect(webhookUrlProblem('https://user:secret@example.com/hook')).toMatch(/must not carry a user name or password/);
    expect(webhookUrlProblem(`https://example.com/${'a'.repeat(2048)}`)).toBe('must have at most 2048 characters');
    expect(webhookUrlProblem(`https://example.com/${'a'.repeat(2048 - 20)}`)).toBeNull();
  });
});
