import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { enqueue } from '../platform/change-feed/change-feed.service';
import type { AssessedFirm, AssessmentListener } from '../scoring/assessment-listener';
import { signalsOf } from './assessment-signals';

/**
 * With Kafka: each assessment's alert signals go into the outbox in the transaction that stores it,
 * keyed by the firm's credit code, for the alerts replicas (AssessmentSignalsConsumer). A scoring
 * replica that dies after the commit has lost nothing; one firm's signals apply in order.
 */
@Injectable()
export class FeedAssessmentListener implements AssessmentListener {
  async inTransaction(m: EntityManager, assessed: readonly AssessedFirm[]): Promise<void> {
    await enqueue(
      m,
      'assessment-signals',
      assessed.flatMap((a) => {
        const signals = signalsOf(a);
        return signals.length ? [{ firmId: a.record.firmId, payload: { assessmentId: a.record.id, signals } }] : [];
      }),
    );
  }

  async onAssessments(): Promise<void> {
    // Sent by the outbox relay.
  }
}
