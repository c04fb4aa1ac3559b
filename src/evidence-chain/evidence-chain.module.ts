import { DynamicModule, Module } from '@nestjs/common';
import { ed25519 } from '@noble/curves/ed25519';
import { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { loadOrCreateLocalSecret } from '../platform/config/local-secret';
import { AnchorService } from './anchor/anchor.service';
import { CheckpointStore } from './anchor/checkpoint-store';
import { CometLedger } from './anchor/comet-ledger';
import { LocalLedger } from './anchor/local-ledger';
import { CometRpcClient } from './chain/cometbft-rpc';
import { LedgerHealth } from './chain/ledger.health';
import type { EvidenceKind } from './kinds/evidence-kind';
import { EvidenceKindRegistry, evidenceKindRegistryProvider } from './kinds/evidence-kind-registry';
import { ObservedLedger } from './anchor/observed-ledger';
import { HealthRegistry } from '../platform/health/health.registry';
import { LEDGER, REGULATOR_KEY } from './evidence.tokens';
import { EvidenceQueries } from './log/evidence-queries.service';
import { LogStore } from './log/log-store';
import { ReceiptService } from './receipts/receipt.service';
import { WitnessProofsService } from './receipts/witness-proofs.service';
import { TamperCheckService } from './tamper/tamper-check.service';

@Module({})
export class EvidenceChainModule {
  /**
   * anchoring: the anchor role runs the leader loop and the tamper scan. kinds: every evidence kind
   * the features write (src/evidence-kinds.ts), registered whichever role runs.
   */
  static forRoot(anchoring: boolean, kinds: readonly EvidenceKind[]): DynamicModule {
    return {
      module: EvidenceChainModule,
      global: true,
      providers: [
        evidenceKindRegistryProvider(kinds),
        LedgerHealth,
        LogStore,
        EvidenceQueries,
        CheckpointStore,
        ReceiptService,
        WitnessProofsService,
        TamperCheckService,
        {
          provide: REGULATOR_KEY,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Uint8Array =>
            new Uint8Array(
              config.evidence.signingKey ?? loadOrCreateLocalSecret(config.dataDir, 'regulator-signing-key'),
            ),
        },
        {
          provide: LEDGER,
          inject: [APP_CONFIG, HealthRegistry],
          useFactory: (config: AppConfig, health: HealthRegistry) =>
            new ObservedLedger(
              config.ledger.kind === 'cometbft'
                ? new CometLedger(new CometRpcClient(config.ledger.rpc))
                : new LocalLedger(),
              health,
            ),
        },
        ...(anchoring ? [AnchorService] : []),
      ],
      exports: [
        EvidenceKindRegistry,
        LogStore,
        EvidenceQueries,
        CheckpointStore,
        ReceiptService,
        WitnessProofsService,
        TamperCheckService,
        REGULATOR_KEY,
      ],
    };
  }

  /** The regulator's public key, as published for verifiers (hex). */
  static publicKeyHex(secretKey: Uint8Array): string {
    return Buffer.from(ed25519.getPublicKey(secretKey)).toString('hex');
  }
}
