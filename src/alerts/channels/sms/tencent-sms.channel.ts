// Tencent Cloud SMS (短信) SendSms, API 2021-01-11, signed with TC3-HMAC-SHA256.
import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from '../alert-channel';
import { renderSmsParams, type AlertMessage } from '../alert-message';
import { httpFailure, networkFailure, postJsonText } from '../http-post';
import type { SmsParamName } from './sms-provider';
import { signTc3 } from './tc3-sign';

export interface TencentSmsConfig {
  /** https://sms.tencentcloudapi.com, or a regional or test endpoint. */
  endpoint: string;
  secretId: string;
  secretKey: string;
  region: string; // e.g. ap-guangzhou
  smsSdkAppId: string; // SDK AppID of the SMS application
  signName: string; // approved 短信签名
  templateId: string; // approved 短信模板 id
  /** Which alert values fill the template's {1}, {2}, ... in order. */
  templateParams: readonly SmsParamName[];
}

/**
 * Error codes worth another attempt: API throttling, the 30-second per-number limit, the
 * provider's own faults, and a signature that expired on the way (re-signed on retry). Daily and
 * hourly per-number limits, unapproved templates or signatures, bad numbers, blacklists, missing
 * balance and auth errors will not pass on a retry: give up.
 */
const RETRYABLE = [
  /^RequestLimitExceeded/,
  /^LimitExceeded\.PhoneNumberThirtySecondLimit$/,
  /^LimitExceeded\.DeliveryFrequencyLimit$/,
  /^InternalError/,
  /^FailedOperation\.FailResolvePacket$/,
  /^AuthFailure\.SignatureExpire$/,
];
const retryable = (code: string): boolean => RETRYABLE.some((r) => r.test(code));

interface SendSmsReply {
  Response?: {
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: Array<{ SerialNo?: string; Code?: string; Message?: string }>;
    RequestId?: string;
  };
}

export class TencentSmsChannel implements AlertChannel<'sms'> {
  readonly kind = 'sms' as const;
  private readonly host: string;

  constructor(
    private readonly config: TencentSmsConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.host = new URL(config.endpoint).host;
  }

  async send(message: AlertMessage, target: TargetOf<'sms'>, { signal }: SendOptions): Promise<DeliveryResult> {
    const params = renderSmsParams(message);
    const payload = JSON.stringify({
      PhoneNumberSet: [e164(target.phone)],
      SmsSdkAppId: this.config.smsSdkAppId,
      SignName: this.config.signName,
      TemplateId: this.config.templateId,
      TemplateParamSet: this.config.templateParams.map((name) => params[name]),
    });
    const timestamp = Math.floor(this.now() / 1000);
    const { authorization } = signTc3({
      secretId: this.config.secretId,
      secretKey: this.config.secretKey,
      service: 'sms',
      host: this.host,
      timestamp,
      payload,
    });
    const headers = {
      Authorization: authorization,
      'X-TC-Action': 'SendSms',
      'X-TC-Version': '2021-01-11',
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Region': this.config.region,
    };
    try {
      const reply = await postJsonText(this.config.endpoint, payload, headers, signal);
      if (reply.status < 200 || reply.status > 299) return httpFailure(reply);
      return tencentResult(reply.text);
    } catch (error) {
      return networkFailure(error);
    }
  }
}

/** The API answers 200 for errors too: the code is in Response.Error, or per number in SendStatusSet. */
export function tencentResult(text: string): DeliveryResult {
  let reply: SendSmsReply;
  try {
    reply = JSON.parse(text) as SendSmsReply;
  } catch {
    return { ok: false, retryable: true, error: `unreadable reply: ${text.slice(0, 200)}` };
  }
  const error = reply.Response?.Error;
  if (error)
    return { ok: false, retryable: retryable(error.Code ?? ''), error: `${error.Code}: ${error.Message ?? ''}` };
  const status = reply.Response?.SendStatusSet?.[0];
  if (!status) return { ok: false, retryable: true, error: `no send status in the reply: ${text.slice(0, 200)}` };
  if (status.Code === 'Ok') return { ok: true, providerMessageId: status.SerialNo };
  return { ok: false, retryable: retryable(status.Code ?? ''), error: `${status.Code}: ${status.Message ?? ''}` };
}

/** Tencent wants E.164; the directory keeps mainland numbers as 11 digits. */
function e164(phone: string): string {
  return phone.startsWith('+') ? phone : `+86${phone}`;
}
