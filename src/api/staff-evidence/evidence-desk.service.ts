import { readFile } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CometRpcClient, RpcError } from '../../evidence-chain/chain/cometbft-rpc';
import { EvidenceChainModule } from '../../evidence-chain/evidence-chain.module';
import { REGULATOR_KEY } from '../../evidence-chain/evidence.tokens';
import { ReceiptService, type CheckpointView } from '../../evidence-chain/receipts/receipt.service';
import type { GenesisJson } from '../../evidence-chain/verifier/cometbft-json';
import type { Receipt } from '../../evidence-chain/verifier/receipt';
import type { VerificationReport } from '../../evidence-chain/verifier/verification-report';
import { verifyReceipt } from '../../evidence-chain/verifier/verify-receipt';
import type { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';

export interface VerifyAnswer extends VerificationReport {
  /** What the server pinned: its own published key and genesis, never the receipt's copies. */
  trusted: {
    regulatorKey: string;
    ledger: 'local' | 'cometbft';
    chainId: string | null;
    genesis: string | null;
    rpcCrossCheck: number;
  };
  /** Plain words on what a passing report proves here. */
  proves: string;
}

export interface ValidatorStatus {
  endpoint: string;
  up: boolean;
  moniker?: string;
  height?: number;
  catchingUp?: boolean;
  error?: string;
}

export interface ChainStatus {
  ledger: 'local' | 'cometbft';
  chainId: string | null;
  validators: ValidatorStatus[];
  validatorsUp: number;
  height: number | null;
  latestCheckpoint: CheckpointView | null;
  note: string;
}

const PROVES_CHAIN =
  "A pass on every step proves the record is in the regulator's evidence log under a checkpoint that more than 2/3 of the validators committed on the alliance chain, those validators being trusted from the published genesis set through the receipt's hand-overs; anyone can repeat it offline with `npm run verify` and the published genesis.";
const PROVES_LOCAL =
  'This server runs the local ledger: a pass proves the record is in a log whose root the regulator signed, not when, and not that the history could not have been re-signed. Receipts anchored on the alliance chain prove more.';

/** Receipt verification on the server and the state of the alliance chain. */
@Injectable()
export class EvidenceDeskService {
  private readonly regulatorKey: Uint8Array;
  private genesis?: Promise<GenesisJson>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REGULATOR_KEY) secretKey: Uint8Array,
    private readonly receipts: ReceiptService,
  ) {
    this.regulatorKey = Buffer.from(EvidenceChainModule.publicKeyHex(secretKey), 'hex');
  }

  async verify({ receipt, recordBytes }: { receipt: Receipt; recordBytes: Uint8Array }): Promise<VerifyAnswer> {
    const ledger = this.config.ledger;
    const genesis = ledger.kind === 'cometbft' ? await this.loadGenesis() : null;
    const rpc = ledger.kind === 'cometbft' ? ledger.rpc : [];
    // With no chain configured a chain receipt still gets steps 1-3; step 5-7 say genesis is missing.
    const report = await verifyReceipt(
      {
        receipt,
        recordBytes,
        genesis: genesis ?? ({ chain_id: '', validators: [] } as GenesisJson),
        regulatorKey: this.regulatorKey,
      },
      rpc,
    );
    return {
      ...report,
      trusted: {
        regulatorKey: Buffer.from(this.regulatorKey).toString('hex'),
        ledger: ledger.kind,
        chainId: genesis?.chain_id ?? null,
        genesis: ledger.kind === 'cometbft' ? ledger.genesisPath : null,
        rpcCrossCheck: rpc.length,
      },
      proves: ledger.kind === 'cometbft' && receipt.anchor?.ledger === 'cometbft' ? PROVES_CHAIN : PROVES_LOCAL,
    };
  }

  async chain(): Promise<ChainStatus> {
    const [latestCheckpoint = null] = await this.receipts.checkpoints(1);
    const ledger = this.config.ledger;
    if (ledger.kind === 'local') {
      return {
        ledger: 'local',
        chainId: null,
        validators: [],
        validatorsUp: 0,
        height: null,
        latestCheckpoint,
        note: "local ledger: checkpoints are kept in the regulator's own signed log; there are no validators",
      };
    }
    const statuses = await new CometRpcClient(ledger.rpc, 3000).statusOfAll();
    const validators: ValidatorStatus[] = statuses.map((s, i) =>
      s instanceof RpcError
        ? { endpoint: ledger.rpc[i], up: false, error: s.message }
        : { endpoint: s.endpoint, up: true, moniker: s.moniker, height: s.latestHeight, catchingUp: s.catchingUp },
    );
    const up = validators.filter((v) => v.up);
    const genesis = await this.loadGenesis().catch(() => null);
    return {
      ledger: 'cometbft',
      chainId:
        genesis?.chain_id ??
        statuses.find((s): s is Exclude<typeof s, RpcError> => !(s instanceof RpcError))?.network ??
        null,
      validators,
      validatorsUp: up.length,
      height: up.length ? Math.max(...up.map((v) => v.height!)) : null,
      latestCheckpoint,
      // CometBFT commits blocks while more than 2/3 of the voting power is up.
      note: `${up.length} of ${validators.length} validators answer; blocks are committed while more than 2/3 of the voting power is up`,
    };
  }

  private loadGenesis(): Promise<GenesisJson> {
    if (this.config.ledger.kind !== 'cometbft') throw new Error('no genesis on the local ledger');
    const path = this.config.ledger.genesisPath;
    this.genesis ??= readFile(path, 'utf8').then((text) => JSON.parse(text) as GenesisJson);
    return this.genesis;
  }
}
