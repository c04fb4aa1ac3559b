// SMS delivery settings (ALERTS_SMS_*): a generic gateway, Tencent Cloud SMS or Alibaba Cloud SMS,
// chosen by ALERTS_SMS_PROVIDER. Secrets (API key, SecretKey, AccessKey secret) are never echoed.

export const SMS_PROVIDERS = ['gateway', 'tencent', 'aliyun'] as const;
export const SMS_TEMPLATE_PARAMS = ['firm', 'tier', 'deadline', 'link'] as const;
type TemplateParam = (typeof SMS_TEMPLATE_PARAMS)[number];

export type SmsConfig =
  | { provider: 'gateway'; url: string; apiKey: string; apiKeyHeader: string; templateId: string }
  | {
      provider: 'tencent';
      endpoint: string;
      secretId: string;
      secretKey: string;
      region: string;
      smsSdkAppId: string;
      signName: string;
      templateId: string;
      templateParams: TemplateParam[];
    }
  | {
      provider: 'aliyun';
      endpoint: string;
      accessKeyId: string;
      accessKeySecret: string;
      signName: string;
      templateId: string;
      templateParams: TemplateParam[];
    };

/** The part of platform/config's reader this needs. */
interface Reader {
  string(key: string): string | undefined;
  list(key: string): string[] | undefined;
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined;
}

const URL_PATTERN = /^https?:\/\/[^/]+/;

export function readSmsConfig(read: Reader, problems: string[]): SmsConfig | null {
  const chosen = read.oneOf('ALERTS_SMS_PROVIDER', SMS_PROVIDERS);
  const provider =
    chosen ??
    (read.string('ALERTS_SMS_URL') !== undefined ||
    read.string('ALERTS_SMS_API_KEY') !== undefined ||
    read.string('ALERTS_SMS_TEMPLATE_ID') !== undefined
      ? 'gateway'
      : null);
  if (provider === null) return null;
  const need = (key: string, what: string): string => {
    const value = read.string(key);
    if (value === undefined) problems.push(`ALERTS_SMS_PROVIDER=${provider} needs ${key} (${what})`);
    return value ?? '';
  };
  const endpoint = (fallback: string): string => {
    const value = read.string('ALERTS_SMS_ENDPOINT') ?? fallback;
    if (!URL_PATTERN.test(value)) problems.push(`ALERTS_SMS_ENDPOINT must be an http(s):// URL, got '${value}'`);
    return value;
  };
  const templateParams = (): TemplateParam[] => {
    const names = read.list('ALERTS_SMS_TEMPLATE_PARAMS') ?? [...SMS_TEMPLATE_PARAMS];
    const unknown = names.filter((n) => !(SMS_TEMPLATE_PARAMS as readonly string[]).includes(n));
    if (unknown.length)
      problems.push(
        `ALERTS_SMS_TEMPLATE_PARAMS may only name ${SMS_TEMPLATE_PARAMS.join(', ')}, got '${unknown.join(',')}'`,
      );
    return names.filter((n): n is TemplateParam => !unknown.includes(n));
  };
  switch (provider) {
    case 'tencent':
      return {
        provider,
        endpoint: endpoint('https://sms.tencentcloudapi.com'),
        secretId: need('ALERTS_SMS_SECRET_ID', 'the API SecretId'),
        secretKey: need('ALERTS_SMS_SECRET_KEY', 'the API SecretKey'),
        region: read.string('ALERTS_SMS_REGION') ?? 'ap-guangzhou',
        smsSdkAppId: need('ALERTS_SMS_SDK_APP_ID', 'the SMS application SdkAppId'),
        signName: need('ALERTS_SMS_SIGN_NAME', 'the approved 短信签名'),
        templateId: need('ALERTS_SMS_TEMPLATE_ID', 'the approved 短信模板 id'),
        templateParams: templateParams(),
      };
    case 'aliyun':
      return {
        provider,
        endpoint: endpoint('https://dysmsapi.aliyuncs.com'),
        accessKeyId: need('ALERTS_SMS_ACCESS_KEY_ID', 'the AccessKey id'),
        accessKeySecret: need('ALERTS_SMS_ACCESS_KEY_SECRET', 'the AccessKey secret'),
        signName: need('ALERTS_SMS_SIGN_NAME', 'the approved 短信签名'),
        templateId: need('ALERTS_SMS_TEMPLATE_ID', 'the approved TemplateCode'),
        templateParams: templateParams(),
      };
    default: {
      const url = read.string('ALERTS_SMS_URL');
      if (url === undefined)
        problems.push(
          "ALERTS_SMS_API_KEY or ALERTS_SMS_TEMPLATE_ID needs ALERTS_SMS_URL (the gateway's send endpoint)",
        );
      else if (!URL_PATTERN.test(url))
        problems.push(
          `ALERTS_SMS_URL must be an http(s):// URL, got '${url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@')}'`,
        );
      const apiKey = read.string('ALERTS_SMS_API_KEY');
      const templateId = read.string('ALERTS_SMS_TEMPLATE_ID');
      if (apiKey === undefined) problems.push("ALERTS_SMS_URL needs ALERTS_SMS_API_KEY (the gateway's API key)");
      if (templateId === undefined)
        problems.push('ALERTS_SMS_URL needs ALERTS_SMS_TEMPLATE_ID (the approved 短信模板 id)');
      return {
        provider: 'gateway',
        url: url ?? '',
        apiKey: apiKey ?? '',
        apiKeyHeader: read.string('ALERTS_SMS_API_KEY_HEADER') ?? 'X-Api-Key',
        templateId: templateId ?? '',
      };
    }
  }
}
