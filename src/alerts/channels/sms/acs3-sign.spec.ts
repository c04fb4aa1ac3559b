import { createHash } from 'node:crypto';
import { percentEncode, signAcs3 } from './acs3-sign';

describe(signAcs3.name, () => {
  // The fixed-parameter example of Alibaba Cloud's "V3 request structure and signature" page
  // (ECS RunInstances, POST with the parameters in the query and an empty body).
  const example = {
    accessKeyId: 'YourAccessKeyId',
    accessKeySecret: 'YourAccessKeySecret',
    method: 'POST' as const,
    host: 'ecs.cn-shanghai.aliyuncs.com',
    action: 'RunInstances',
    version: '2014-05-26',
    query: { RegionId: 'cn-shanghai', ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd' },
    body: '',
    date: '2023-10-26T10:22:32Z',
    nonce: '3156853299f313e23d1673dc12e1703d',
  };

  it('should reproduce the published canonical request hash and signature of the documentation example', () => {
    const s = signAcs3(example);
    expect(s.queryString).toBe('ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai');
    expect(createHash('sha256').update(s.canonicalRequest).digest('hex')).toBe(
      '7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259',
    );
    expect(s.signature).toBe('06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    expect(s.headers).toMatchObject({
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      Authorization:
        'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    });
  });

  it('should percent-encode as RFC 3986 asks (space as %20, * and ~ as the mechanism says)', () => {
    expect(percentEncode("a b*c~d'!")).toBe('a%20b%2Ac~d%27%21');
    expect(percentEncode('西湖')).toBe('%E8%A5%BF%E6%B9%96');
  });
});
