import type { AlertChannel, DeliveryResult, SendOptions, TargetOf } from './alert-channel';
import { renderSmsParams, type AlertMessage } from './alert-message';
import { httpFailure, networkFailure, postJson } from './http-post';

export interface SmsGatewayConfig {
  /** The gateway's send endpoint. */
  url: string;
  apiKey: string;
  /** Header carrying the API key. */
  apiKeyHeader: string;
  /** The pre-approved SMS template (短信模板) with parameters firm, tier, deadline, link. */
  templateId: string;
}

/**
 * A generic SMS gateway over HTTP: POST {templateId, phone, params} with the API key in a header.
 * Any 2xx is accepted; a `messageId` in the reply is kept for tracing.
 */
export class SmsChannel implements AlertChannel<'sms'> {
  readonly kind = 'sms' as const;

  constructor(private readonly config: SmsGatewayConfig) {}

  async send(message: AlertMessage, target: TargetOf<'sms'>, { signal }: SendOptions): Promise<DeliveryResult> {
    const body = { templateId: this.config.templateId, phone: target.phone, params: renderSmsParams(message) };
    try {
      const reply = await postJson(this.config.url, body, { [this.config.apiKeyHeader]: this.config.apiKey }, signal);
      if (reply.status < 200 || reply.status > 299) return httpFailure(reply);
      return { ok: true, providerMessageId: messageIdOf(reply.text) };
    } catch (error) {
      return networkFailure(error);
    }
  }
}

function messageIdOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { messageId?: unknown }).messageId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
