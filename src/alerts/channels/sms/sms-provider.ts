// Which SMS provider sends alert texts, chosen by configuration (ALERTS_SMS_PROVIDER). The three
// speak different protocols; each channel maps its provider's rate-limit and error codes to
// "retry" (the dispatcher tries again with backoff) or "give up" (the delivery is recorded failed).
import type { AlertChannel } from '../alert-channel';
import { SmsChannel, type SmsGatewayConfig } from '../sms.channel';
import { AliyunSmsChannel, type AliyunSmsConfig } from './aliyun-sms.channel';
import { TencentSmsChannel, type TencentSmsConfig } from './tencent-sms.channel';

/** The alert template's parameters, as renderSmsParams names them. */
export const SMS_PARAM_NAMES = ['firm', 'tier', 'deadline', 'link'] as const;
export type SmsParamName = (typeof SMS_PARAM_NAMES)[number];

export type SmsProviderConfig =
  | ({ provider?: 'gateway' } & SmsGatewayConfig) // the generic gateway when no provider is named
  | ({ provider: 'tencent' } & TencentSmsConfig)
  | ({ provider: 'aliyun' } & AliyunSmsConfig);

export function buildSmsChannel(config: SmsProviderConfig, now: () => number = Date.now): AlertChannel<'sms'> {
  switch (config.provider) {
    case 'tencent':
      return new TencentSmsChannel(config, now);
    case 'aliyun':
      return new AliyunSmsChannel(config, now);
    default:
      return new SmsChannel(config);
  }
}
