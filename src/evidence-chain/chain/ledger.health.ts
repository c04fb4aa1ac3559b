import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { HealthRegistry } from '../../platform/health/health.registry';
import { CometRpcClient, RpcError } from './cometbft-rpc';

/** Readiness of the ledger: the CometBFT alliance chain needs more than 2/3 of validators up. */
@Injectable()
export class LedgerHealth implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const ledger = this.config.ledger;
    if (ledger.kind === 'local') {
      this.registry.register({
        name: 'ledger',
        critical: false,
        probe: async () => 'local signed log (no chain): receipts are marked local',
      });
      return;
    }
    const rpc = new CometRpcClient(ledger.rpc, 2000);
    this.registry.register({
      name: 'ledger',
      critical: false, // records still land and queue for anchoring while the chain is down
      probe: async () => {
        const all = await rpc.statusOfAll();
        const up = all.filter((s) => !(s instanceof RpcError));
        const heights = up.map((s) => (s instanceof RpcError ? 0 : s.latestHeight));
        const summary = `${up.length}/${all.length} validators answering, height ${Math.max(0, ...heights)}`;
        // BFT liveness needs more than 2/3 of the voting power; equal power assumed for the summary.
        if (up.length * 3 <= all.length * 2) throw new Error(`${summary}: no quorum, anchoring is paused`);
        return summary;
      },
    });
  }
}
