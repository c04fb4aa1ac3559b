import { Logger } from '@nestjs/common';
import type { AlertChannel, DeliveryResult, TargetOf } from './alert-channel';
import type { AlertMessage } from './alert-message';

/** The embedded default and an audit trail: one log line per recipient, ids only (no personal data). */
export class LogChannel implements AlertChannel<'log'> {
  readonly kind = 'log' as const;
  private readonly logger = new Logger(LogChannel.name);

  async send(message: AlertMessage, target: TargetOf<'log'>): Promise<DeliveryResult> {
    this.logger.log(`alert ${message.alertId} ${message.tier} ${message.kind} -> recipient ${target.recipientId}`);
    return { ok: true };
  }
}
