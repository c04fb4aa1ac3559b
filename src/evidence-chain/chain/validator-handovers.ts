import { BlockIdJson, CommitSigJson, HeaderJson } from '../verifier/cometbft-json';
import { ValidatorSetHandover } from '../verifier/receipt';
import { CometRpcClient } from './cometbft-rpc';

/** The app's list of validator-set changes: H is the first height made by a changed set. */
export const VALSET_CHANGES_PATH = '/valset/changes';
const HEADERS_PER_CALL = 20; // /blockchain's page

interface CommitResult {
  signed_header: { header: HeaderJson; commit: { round: number; block_id: BlockIdJson; signatures: CommitSigJson[] } };
  canonical: boolean;
}

/**
 * Collects the hand-overs a receipt needs so a verifier pinned to genesis can trust the set that
 * made its block: for each validator-set change H up to that block, header H-1 with its canonical
 * commit and the set of H. The changes come from the chain app when it lists them; otherwise
 * (an app that does not, such as the kvstore) from the headers, scanned once and cached. Hand-overs
 * never change once made, so each is fetched once per process.
 */
export class ValidatorHandovers {
  private genesisSetHash?: string;
  private nextToScan = 1; // headers below it have been compared
  private readonly scannedChanges: number[] = [];
  private readonly byHeight = new Map<number, Promise<ValidatorSetHandover>>();

  constructor(private readonly rpc: CometRpcClient) {}

  /** The hand-overs from genesis to the set that made `header`, oldest first; empty when the set never changed. */
  async upTo(header: HeaderJson): Promise<ValidatorSetHandover[]> {
    const height = Number(header.height);
    const changes = (await this.changesFromApp()) ?? (await this.changesFromHeaders(header));
    return Promise.all(
      changes
        .filter((h) => h > 1 && h <= height)
        .sort((a, b) => a - b)
        .map((h) => this.handoverAt(h)),
    );
  }

  private async changesFromApp(): Promise<number[] | null> {
    return parseValsetChanges(await this.rpc.abciQuery(VALSET_CHANGES_PATH, new Uint8Array()));
  }

  /** Without the app's list: nothing to hand over if genesis's set made the block, else scan next_validators_hash. */
  private async changesFromHeaders(header: HeaderJson): Promise<number[]> {
    this.genesisSetHash ??= (await this.rpc.headers(1, 1))[0].validators_hash.toUpperCase();
    if (header.validators_hash.toUpperCase() === this.genesisSetHash) return [];
    const height = Number(header.height);
    // A change at H <= height shows in header H-1 <= height-1.
    while (this.nextToScan < height) {
      const from = this.nextToScan;
      const to = Math.min(height - 1, from + HEADERS_PER_CALL - 1);
      for (const h of changesAnnouncedIn(await this.rpc.headers(from, to)))
        if (!this.scannedChanges.includes(h)) this.scannedChanges.push(h);
      this.nextToScan = Math.max(this.nextToScan, to + 1);
    }
    return this.scannedChanges.filter((h) => h <= height);
  }

  /** The hand-over material at H: header H-1, its canonical commit, and the set that makes block H. */
  handoverAt(height: number): Promise<ValidatorSetHandover> {
    let pending = this.byHeight.get(height);
    if (!pending) {
      pending = this.fetchHandover(height);
      pending.catch(() => this.byHeight.delete(height)); // a failed fetch is retried next time
      this.byHeight.set(height, pending);
    }
    return pending;
  }

  private async fetchHandover(height: number): Promise<ValidatorSetHandover> {
    const result = await this.rpc.raw<CommitResult>('commit', { height: String(height - 1) });
    if (!result.canonical) throw new Error(`the commit of height ${height - 1} is not canonical yet`);
    const { header, commit } = result.signed_header;
    const validators = await this.rpc.validatorsAt(height);
    return {
      height,
      header,
      commit: { round: commit.round, blockId: commit.block_id, signatures: commit.signatures },
      validators,
    };
  }
}

/**
 * The app's answer `{"changes":[{"height":"H","validatorsHash":"HEX"}]}` as heights, or null when
 * the app does not serve that path (non-zero code, no value, or another shape).
 */
export function parseValsetChanges(answer: { code: number; value: Uint8Array | null }): number[] | null {
  if (answer.code !== 0 || !answer.value?.length) return null;
  let body: { changes?: Array<{ height?: string | number }> };
  try {
    body = JSON.parse(Buffer.from(answer.value).toString('utf8')) as typeof body;
  } catch {
    return null;
  }
  if (!Array.isArray(body?.changes)) return null;
  return body.changes.map((c) => Number(c.height)).filter((h) => Number.isSafeInteger(h) && h > 1);
}

/** Heights H where a new set takes over: header H-1 announces a next_validators_hash other than its own. */
export function changesAnnouncedIn(headers: HeaderJson[]): number[] {
  return headers
    .filter((h) => h.next_validators_hash.toUpperCase() !== h.validators_hash.toUpperCase())
    .map((h) => Number(h.height) + 1);
}
