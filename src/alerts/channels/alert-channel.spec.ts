import { maskedTargetKey, maskUrlQuery } from './alert-channel';

describe(maskUrlQuery.name, () => {
  it('should mask the whole query string, whatever its parameters are called', () => {
    expect(maskUrlQuery('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?****',
    );
    expect(maskUrlQuery('https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=1&sign=xyz')).toBe(
      'https://oapi.dingtalk.com/robot/send?****',
    );
    expect(maskUrlQuery('https://robot.zj.gov.cn/hook?token=t&secret=s#frag')).toBe(
      'https://robot.zj.gov.cn/hook?****',
    );
    expect(maskUrlQuery('https://robot.zj.gov.cn/hook#token=t')).toBe('https://robot.zj.gov.cn/hook?****');
    expect(maskUrlQuery('https://robot.zj.gov.cn/hook')).toBe('https://robot.zj.gov.cn/hook');
  });

  it('should store robot targets masked so', () => {
    expect(
      maskedTargetKey({
        kind: 'dingtalk',
        webhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc&x-acs-token=zz',
        secret: 'SEC',
      }),
    ).toBe('dingtalk:https://oapi.dingtalk.com/robot/send?****');
  });
});
