// Alibaba Cloud SMS (短信服务, Dysmsapi) SendSms, API 2017-05-25, signed with ACS3-HMAC-SHA256.
import { randomUUID } from 'node:crypto';
import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from '../alert-channel';
import { renderSmsParams, type AlertMessage } from '../alert-message';
import { httpFailure, networkFailure, post } from '../http-post';
import { signAcs3 } from './acs3-sign';
import type { SmsParamName } from './sms-provider';

export interface AliyunSmsConfig {
  /** https://dysmsapi.aliyuncs.com, or a test endpoint. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string; // approved 短信签名
  templateId: string; // approved TemplateCode, e.g. SMS_123456789
  /** The template's ${...} variables, named as the alert values (firm, tier, deadline, link). */
  templateParams: readonly SmsParamName[];
}

/**
 * Codes worth another attempt: API throttling, the provider's system errors and a per-number
 * limit at the minute level (isv.BUSINESS_LIMIT_CONTROL says which level in its message). Hour
 * and day limits, unapproved signatures or templates, bad numbers, blacklists, balance and
 * permission errors will not pass on a retry: give up.
 */
function retryable(code: string, message: string): boolean {
  if (code === 'isv.BUSINESS_LIMIT_CONTROL') return message.includes('分钟') || /minute/i.test(message);
  return (
    /^Throttling/.test(code) || code === 'isp.SYSTEM_ERROR' || code === 'ServiceUnavailable' || code === 'InternalError'
  );
}

export class AliyunSmsChannel implements AlertChannel<'sms'> {
  readonly kind = 'sms' as const;
  private readonly host: string;

  constructor(
    private readonly config: AliyunSmsConfig,
    private readonly now: () => number = Date.now,
    private readonly nonce: () => string = randomUUID,
  ) {
    this.host = new URL(config.endpoint).host;
  }

  async send(message: AlertMessage, target: TargetOf<'sms'>, { signal }: SendOptions): Promise<DeliveryResult> {
    const params = renderSmsParams(message);
    const templateParam = Object.fromEntries(this.config.templateParams.map((name) => [name, params[name]]));
    // RPC-style API: the parameters travel in the query, signed; the body is empty.
    const query = {
      PhoneNumbers: target.phone,
      SignName: this.config.signName,
      TemplateCode: this.config.templateId,
      TemplateParam: JSON.stringify(templateParam),
    };
    const signed = signAcs3({
      accessKeyId: this.config.accessKeyId,
      accessKeySecret: this.config.accessKeySecret,
      method: 'POST',
      host: this.host,
      action: 'SendSms',
      version: '2017-05-25',
      query,
      body: '',
      date: new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      nonce: this.nonce(),
    });
    try {
      const reply = await post(
        `${this.config.endpoint.replace(/\/+$/, '')}/?${signed.queryString}`,
        '',
        signed.headers,
        signal,
      );
      if (reply.status >= 500 || reply.status === 429) return httpFailure(reply);
      return aliyunResult(reply.status, reply.text);
    } catch (error) {
      return networkFailure(error);
    }
  }
}

/** {Code: 'OK', BizId} is success; any other Code (also on HTTP 4xx) is mapped by retryable(). */
export function aliyunResult(status: number, text: string): DeliveryResult {
  let reply: { Code?: string; Message?: string; BizId?: string };
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    return { ok: false, retryable: status >= 500, error: `HTTP ${status}, unreadable reply: ${text.slice(0, 200)}` };
  }
  if (status >= 200 && status < 300 && reply.Code === 'OK') return { ok: true, providerMessageId: reply.BizId };
  const code = reply.Code ?? `HTTP ${status}`;
  return { ok: false, retryable: retryable(code, reply.Message ?? ''), error: `${code}: ${reply.Message ?? ''}` };
}
