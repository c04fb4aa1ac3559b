import { Logger } from '@nestjs/common';
import {
  RequestCheckTx,
  RequestFinalizeBlock,
  RequestInfo,
  RequestInitChain,
  RequestPrepareProposal,
  RequestProcessProposal,
  RequestQuery,
  ResponseCheckTx,
  ResponseCommit,
  ResponseFinalizeBlock,
  ResponseInfo,
  ResponseInitChain,
  ResponsePrepareProposal,
  ResponseProcessProposal,
  ResponseProcessProposal_ProposalStatus,
  ResponseQuery,
  ExecTxResult,
  ValidatorUpdate,
} from 'cosmjs-types/tendermint/abci/types';
import { canonicalJson } from '../canonical/canonical-json';
import { fromHex, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { validatorSetHash } from '../verifier/validator-set';
import { genesisProblems, LedgerGenesis } from './ledger-genesis';
import { TxRefused } from './ledger-errors';
import { applyTx } from './ledger-rules';
import {
  cosignatureKey,
  KEY_CHAIN,
  KEY_MEMBERS,
  KEY_REGULATORS,
  KEY_VALSET_CHANGES,
  latestKey,
  members,
  Overlay,
  proposalKey,
  readJson,
  StateView,
  validatorsOf,
  ValsetChange,
} from './ledger-state-keys';
import { LedgerStore } from './ledger-store';

const hasher = treeHasher(nodeSha256);
export const APP_VERSION = 1n;

/**
 * 监管链应用: the ABCI 2.0 application each validator runs. Every tx goes through the same pure
 * rules (ledger-rules.ts) in CheckTx, PrepareProposal, ProcessProposal and FinalizeBlock; the
 * state is made durable at Commit. Handlers are synchronous except Commit and Query.
 */
export class LedgerApp {
  private readonly logger = new Logger(LedgerApp.name);
  /** The mempool's view: committed state plus the txs CheckTx accepted since (reset at Commit). */
  private checkState: Overlay;
  /** InitChain's writes, until the first block commits them. */
  private genesis?: Overlay;

  constructor(private readonly store: LedgerStore) {
    this.checkState = new Overlay(store);
  }

  info(_req: RequestInfo): ResponseInfo {
    return ResponseInfo.fromPartial({
      data: 'risk-ledger',
      version: '1',
      appVersion: APP_VERSION,
      lastBlockHeight: BigInt(this.store.height),
      lastBlockAppHash: this.store.appHash,
    });
  }

  initChain(req: RequestInitChain): ResponseInitChain {
    let appState: unknown;
    try {
      appState = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.appStateBytes));
    } catch (error) {
      throw new Error(`genesis app_state is not JSON: ${(error as Error).message}`);
    }
    const validators = req.validators.map((v) => ({
      publicKey: toHex(v.pubKey.ed25519 ?? new Uint8Array(0)),
      power: Number(v.power),
    }));
    const problems = genesisProblems(appState, validators);
    if (problems.length) throw new Error(`genesis app_state refused:\n  - ${problems.join('\n  - ')}`);
    const g = appState as LedgerGenesis;
    const overlay = new Overlay(this.store);
    overlay.set(KEY_CHAIN, canonicalJson({ chainId: req.chainId }));
    overlay.set(KEY_MEMBERS, canonicalJson([...g.members].sort((a, b) => (a.id < b.id ? -1 : 1))));
    overlay.set(KEY_REGULATORS, canonicalJson(g.regulators));
    overlay.set(KEY_VALSET_CHANGES, canonicalJson({ changes: [] }));
    this.genesis = overlay;
    this.checkState = new Overlay(overlay);
    this.logger.log(`InitChain ${req.chainId}: ${g.members.length} members, ${validators.length} validators`);
    // Validators empty: CometBFT keeps genesis.json's, which the check above made ours.
    return ResponseInitChain.fromPartial({ appHash: this.store.stage(0, overlay.writes, []), validators: [] });
  }

  checkTx(req: RequestCheckTx): ResponseCheckTx {
    try {
      applyTx(this.checkState, req.tx, { height: this.store.height + 1, txHash: txHash(req.tx), nextIndex: 0 });
      return ResponseCheckTx.fromPartial({ code: 0 });
    } catch (error) {
      return ResponseCheckTx.fromPartial({ ...refusal(error), codespace: 'risk-ledger' });
    }
  }

  /** The proposer keeps the txs that still apply, in mempool order, within the size limit. */
  prepareProposal(req: RequestPrepareProposal): ResponsePrepareProposal {
    const view = new Overlay(this.base());
    const txs: Uint8Array[] = [];
    let bytes = 0;
    for (const tx of req.txs) {
      if (bytes + tx.length > Number(req.maxTxBytes)) break;
      try {
        applyTx(view, tx, { height: Number(req.height), txHash: txHash(tx), nextIndex: 0 });
        txs.push(tx);
        bytes += tx.length;
      } catch (error) {
        if (!(error instanceof TxRefused)) throw error;
      }
    }
    return ResponsePrepareProposal.fromPartial({ txs });
  }

  /** A block carrying any tx the rules refuse is rejected: a byzantine proposer slips nothing in. */
  processProposal(req: RequestProcessProposal): ResponseProcessProposal {
    const view = new Overlay(this.base());
    for (const tx of req.txs) {
      try {
        applyTx(view, tx, { height: Number(req.height), txHash: txHash(tx), nextIndex: 0 });
      } catch (error) {
        if (!(error instanceof TxRefused)) throw error;
        this.logger.warn(
          `rejecting proposal at height ${req.height}: tx ${txHash(tx)} refused (${error.code}): ${error.message}`,
        );
        return ResponseProcessProposal.fromPartial({ status: ResponseProcessProposal_ProposalStatus.REJECT });
      }
    }
    return ResponseProcessProposal.fromPartial({ status: ResponseProcessProposal_ProposalStatus.ACCEPT });
  }

  finalizeBlock(req: RequestFinalizeBlock): ResponseFinalizeBlock {
    const height = Number(req.height);
    const view = new Overlay(this.base());
    const before = validatorsOf(members(view));
    const leaves: Array<{ value: string; origin: string; treeSize: number }> = [];
    const txResults: ExecTxResult[] = req.txs.map((tx) => {
      try {
        const effect = applyTx(view, tx, {
          height,
          txHash: txHash(tx),
          nextIndex: this.store.historySize + leaves.length,
        });
        if (effect.anchored)
          leaves.push({
            value: canonicalJson(effect.anchored),
            origin: effect.anchored.signed.checkpoint.origin,
            treeSize: effect.anchored.signed.checkpoint.treeSize,
          });
        return ExecTxResult.fromPartial({ code: 0 });
      } catch (error) {
        return ExecTxResult.fromPartial(refusal(error));
      }
    });
    const after = validatorsOf(members(view));
    const validatorUpdates = validatorDiff(before, after);
    if (validatorUpdates.length > 0) {
      const changes = readJson<{ changes: ValsetChange[] }>(view, KEY_VALSET_CHANGES)?.changes ?? [];
      // Updates returned now take effect two heights later (CometBFT state/execution.go updateState).
      changes.push({ height: String(height + 2), validatorsHash: toHex(validatorsHash(after)).toUpperCase() });
      view.set(KEY_VALSET_CHANGES, canonicalJson({ changes }));
      this.logger.log(
        `height ${height}: validator set changes at ${height + 2}: ${validatorUpdates.map((u) => `${toHex(u.pubKey.ed25519!)}=${u.power}`).join(', ')}`,
      );
    }
    const writes = new Map([...(this.genesis?.writes ?? []), ...view.writes]);
    const appHash = this.store.stage(height, writes, leaves);
    return ResponseFinalizeBlock.fromPartial({ txResults, validatorUpdates, appHash });
  }

  async commit(): Promise<ResponseCommit> {
    await this.store.commit();
    this.genesis = undefined;
    this.checkState = new Overlay(this.store);
    return ResponseCommit.fromPartial({ retainHeight: 0n });
  }

  /**
   * Paths: /checkpoint/latest (data: origin), /checkpoint/at/<treeSize> (data: origin), /members,
   * /regulators, /valset/changes, /proposal/<id>, /cosignature/<treeSize>/<public key hex> (data: origin). The value comes with a proof (proofOps[0].data, a
   * LedgerProof as JSON) against the app hash in the header of block `height + 1`.
   */
  async query(req: RequestQuery): Promise<ResponseQuery> {
    const data = new TextDecoder().decode(req.data);
    const height = BigInt(this.store.height);
    let found: { key: string; value: string; proof: unknown } | null = null;
    let key = '';
    const at = /^\/checkpoint\/at\/(\d{1,15})$/.exec(req.path);
    if (at) {
      key = `${data}@${at[1]}`;
      const hit = await this.store.proveCheckpoint(data, Number(at[1]));
      found = hit && { key, ...hit };
    } else {
      const proposal = /^\/proposal\/(.+)$/.exec(req.path);
      const cosignature = /^\/cosignature\/(\d{1,15})\/([0-9a-f]{64})$/.exec(req.path);
      key =
        req.path === '/checkpoint/latest'
          ? latestKey(data)
          : req.path === '/members'
            ? KEY_MEMBERS
            : req.path === '/regulators'
              ? KEY_REGULATORS
              : req.path === '/valset/changes'
                ? KEY_VALSET_CHANGES
                : proposal
                  ? proposalKey(proposal[1])
                  : cosignature
                    ? cosignatureKey(data, Number(cosignature[1]), cosignature[2])
                    : '';
      if (!key)
        return ResponseQuery.fromPartial({
          code: 2,
          log: `unknown query path '${req.path}': use /checkpoint/latest, /checkpoint/at/<size>, /members, /regulators, /valset/changes, /proposal/<id> or /cosignature/<size>/<public key hex>`,
          height,
        });
      const hit = this.store.proveKey(key);
      found = hit && { key, ...hit };
    }
    if (!found)
      return ResponseQuery.fromPartial({
        code: 1,
        log: `nothing stored under ${key}`,
        key: new TextEncoder().encode(key),
        height,
      });
    return ResponseQuery.fromPartial({
      code: 0,
      key: new TextEncoder().encode(found.key),
      value: new TextEncoder().encode(found.value),
      proofOps: {
        ops: [
          {
            type: 'risk-ledger/v1',
            key: new TextEncoder().encode(found.key),
            data: new TextEncoder().encode(JSON.stringify(found.proof)),
          },
        ],
      },
      height,
    });
  }

  private base(): StateView {
    return this.genesis ?? this.store;
  }
}

function refusal(error: unknown): { code: number; log: string } {
  if (error instanceof TxRefused) return { code: error.code, log: error.message };
  throw error;
}

export function txHash(tx: Uint8Array): string {
  return toHex(nodeSha256(tx)).toUpperCase();
}

function validatorDiff(
  before: Array<{ publicKey: string; power: number }>,
  after: Array<{ publicKey: string; power: number }>,
): ValidatorUpdate[] {
  const old = new Map(before.map((v) => [v.publicKey, v.power]));
  const now = new Map(after.map((v) => [v.publicKey, v.power]));
  const updates: ValidatorUpdate[] = [];
  for (const [key, power] of now) if (old.get(key) !== power) updates.push(update(key, power));
  for (const key of old.keys()) if (!now.has(key)) updates.push(update(key, 0));
  return updates.sort((a, b) => (toHex(a.pubKey.ed25519!) < toHex(b.pubKey.ed25519!) ? -1 : 1));
}

function update(publicKey: string, power: number): ValidatorUpdate {
  return ValidatorUpdate.fromPartial({ pubKey: { ed25519: fromHex(publicKey) }, power: BigInt(power) });
}

/** CometBFT's ValidatorSet.Hash() of the set the members imply (ordered by power, then address). */
export function validatorsHash(validators: Array<{ publicKey: string; power: number }>): Uint8Array {
  const list = validators
    .map((v) => ({
      publicKey: fromHex(v.publicKey),
      power: BigInt(v.power),
      address: toHex(nodeSha256(fromHex(v.publicKey)).slice(0, 20)).toUpperCase(),
    }))
    .sort((a, b) =>
      a.power !== b.power ? (a.power > b.power ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
    );
  return validatorSetHash(
    { chainId: '', validators: list, totalPower: list.reduce((s, v) => s + v.power, 0n) },
    hasher,
  );
}
