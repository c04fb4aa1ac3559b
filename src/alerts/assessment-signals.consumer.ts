import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { FeedHandler, FeedMessage } from '../platform/change-feed/change-bus';
import { ChangeFeed } from '../platform/change-feed/change-feed.service';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AlertRequestInvalid } from './alerts.errors';
import { AlertsService } from './alerts.service';
import type { AssessmentSignal } from './domain/assessment-signal';

/** Whether this process consumes assessment signals (role alerts or all). */
export const SIGNALS_CONSUMER_ENABLED = Symbol('SIGNALS_CONSUMER_ENABLED');

type SignalJson = Omit<AssessmentSignal, 'assessedAt'> & { assessedAt: string };

/**
 * With Kafka, the alerts replicas are one consumer group on the assessment signals, keyed by credit
 * code: each applies its partitions' signals, one firm's in the order they were written, firms side
 * by side. The offset is committed once the decisions are stored; notifications then leave through
 * the alert outbox, which a replica dying mid-send leaves for another to send (lease).
 * Replays are harmless: AlertsService.onSignal ignores an assessment its alert has already taken in.
 */
@Injectable()
export class AssessmentSignalsConsumer implements OnApplicationBootstrap, FeedHandler {
  private readonly logger = new Logger(AssessmentSignalsConsumer.name);

  constructor(
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SIGNALS_CONSUMER_ENABLED) private readonly enabled: boolean,
    @Optional() private readonly feed?: ChangeFeed,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Without Kafka scoring hands its signals to AlertsService in its own process.
    if (this.enabled && this.feed && this.config.kafka) await this.feed.serve('assessment-signals', this);
  }

  async handle(messages: readonly FeedMessage[]): Promise<void> {
    const byFirm = new Map<string, AssessmentSignal[][]>();
    for (const m of messages) {
      const signals = ((m.payload.signals ?? []) as SignalJson[]).map((s) => ({
        ...s,
        assessedAt: new Date(s.assessedAt),
      }));
      byFirm.set(m.key, [...(byFirm.get(m.key) ?? []), signals]);
    }
    await Promise.all(
      [...byFirm.values()].map(async (assessments) => {
        for (const signals of assessments) await Promise.all(signals.map((s) => this.apply(s)));
      }),
    );
  }

  private async apply(signal: AssessmentSignal): Promise<void> {
    try {
      await this.alerts.onSignal(signal);
    } catch (error) {
      // A signal that can never apply is logged and passed over; anything else fails the batch, which is redelivered.
      if (!(error instanceof AlertRequestInvalid)) throw error;
      this.logger.error(
        `signal of assessment ${signal.assessmentId} (firm ${signal.firmId}) is invalid: ${error.message}`,
      );
    }
  }
}
