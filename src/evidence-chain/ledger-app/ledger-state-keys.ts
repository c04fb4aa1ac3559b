import { SignedCheckpoint } from '../checkpoint/checkpoint';
import { Member } from './ledger-tx';

// The application state is a small key -> JSON map (hashed as a whole each block it changes) plus
// the append-only checkpoint history (an RFC 6962 tree that only grows). These are the map's keys.
export const KEY_CHAIN = 'chain';
export const KEY_MEMBERS = 'members';
export const KEY_REGULATORS = 'regulators';
export const KEY_VALSET_CHANGES = 'valset/changes';
export const latestKey = (origin: string) => `latest/${origin}`;
export const proposalKey = (id: string) => `proposal/${id}`;
/** A cosignature the chain accepted: one per checkpoint and cosigner key. */
export const cosignatureKey = (origin: string, treeSize: number, publicKey: string) =>
  `cosig/${origin}/${treeSize}/${publicKey}`;

/** 已锚定检查点: a checkpoint the chain accepted, where, and its place in the history tree. */
export interface AnchoredCheckpoint {
  signed: SignedCheckpoint;
  /** SHA-256 of the signed checkpoint's JCS bytes: what the next checkpoint's `previous` must name */
  checkpointId: string;
  height: number;
  /** upper-case hex SHA-256 of the tx, as CometBFT's /tx takes it */
  txHash: string;
  /** leaf index in the checkpoint history */
  index: number;
}

/** Checkpoint signing keys per log origin; origin '*' holds keys good for any origin (test networks). */
export type RegulatorKeys = Record<string, string[]>;

/** The first block signed by a changed validator set (updates at FinalizeBlock of h apply at h + 2). */
export interface ValsetChange {
  height: string;
  validatorsHash: string;
}

/** Read access to the state; an Overlay adds writes on top without touching what is below. */
export interface StateView {
  get(key: string): string | undefined;
  /** Root of the committed checkpoint history at `size`; undefined past the committed size. */
  historyRoot?(size: number): Uint8Array | undefined;
}

export class Overlay implements StateView {
  readonly writes = new Map<string, string>();

  constructor(private readonly base: StateView) {}

  get(key: string): string | undefined {
    return this.writes.has(key) ? this.writes.get(key) : this.base.get(key);
  }

  set(key: string, value: string): void {
    this.writes.set(key, value);
  }

  historyRoot(size: number): Uint8Array | undefined {
    return this.base.historyRoot?.(size);
  }
}

export function readJson<T>(view: StateView, key: string): T | undefined {
  const text = view.get(key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

export function members(view: StateView): Member[] {
  return readJson<Member[]>(view, KEY_MEMBERS) ?? [];
}

/** The consensus validators the members imply: those with a node key and power > 0. */
export function validatorsOf(list: readonly Member[]): Array<{ publicKey: string; power: number }> {
  return list
    .filter((m) => m.validatorKey !== null && m.power > 0)
    .map((m) => ({ publicKey: m.validatorKey!, power: m.power }));
}
