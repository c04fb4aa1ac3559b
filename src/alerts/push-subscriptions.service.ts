import { Conflict, ValidationFailed } from '../platform/errors/domain-error';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { destinationProblem } from './channels/destinations';
import { DataSource } from 'typeorm';
import { AlertsClock } from './alerts-clock';
import { AlertsDirectoryService } from './directory/alerts-directory.service';
import { PushSubscriptionEntity } from './entities/push-subscription.entity';
import type { AlertViewer } from './alert-viewer';
import type { PushSubscriptionJson } from './routing/staff-directory';

/** Web Push subscriptions of the mobile page: one per browser, owned by the official who signed in. */
@Injectable()
export class PushSubscriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AlertsDirectoryService,
    private readonly clock: AlertsClock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Stores (or moves to this official) a browser's subscription; idempotent per endpoint. */
  async subscribe(viewer: AlertViewer, subscription: PushSubscriptionJson): Promise<{ id: string }> {
    // The alerts role POSTs to this URL: only a known push service (ALERTS_PUSH_HOSTS) over https.
    const { pushHosts, testOrigins } = this.config.alerts.destinations;
    const problem = destinationProblem(subscription.endpoint, pushHosts, testOrigins);
    if (problem)
      throw new ValidationFailed('the push endpoint is not a known push service', [
        { pointer: '/endpoint', detail: problem },
      ]);
    // A browser's endpoint belongs to whoever registered it: nobody may re-register another
    // official's endpoint as theirs and silently take that official's alerts away.
    const [owner] = await this.dataSource.query(`SELECT staff_id FROM push_subscriptions WHERE endpoint = $1`, [
      subscription.endpoint,
    ]);
    if (owner && owner.staff_id !== viewer.id)
      throw new Conflict('this push endpoint is registered to another official; subscribe from your own browser');
    const [row] = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(PushSubscriptionEntity)
      .values({
        id: randomUUID(),
        staffId: viewer.id,
        endpoint: subscription.endpoint,
        p256dh: subscription.keys.p256dh,
        auth: subscription.keys.auth,
        createdAt: this.clock.now(),
      })
      .orUpdate(['staff_id', 'p256dh', 'auth'], ['endpoint'])
      .returning(['id'])
      .execute()
      .then((r) => r.raw as Array<{ id: string }>);
    this.directory.invalidate();
    return { id: row.id };
  }
}
