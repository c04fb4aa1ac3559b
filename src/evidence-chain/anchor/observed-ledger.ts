import { HealthRegistry } from '../../platform/health/health.registry';
import { Ledger } from './ledger';

/** The ledger, telling /health when a submission or an anchor lookup fails. */
export class ObservedLedger implements Ledger {
  readonly kind: Ledger['kind'];

  constructor(
    private readonly inner: Ledger,
    private readonly health: HealthRegistry,
  ) {
    this.kind = inner.kind;
  }

  submit(...args: Parameters<Ledger['submit']>): ReturnType<Ledger['submit']> {
    return this.observe(this.inner.submit(...args));
  }

  anchorOf(...args: Parameters<Ledger['anchorOf']>): ReturnType<Ledger['anchorOf']> {
    return this.observe(this.inner.anchorOf(...args));
  }

  private async observe<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      this.health.recordFailure('ledger', error);
      throw error;
    }
  }
}
