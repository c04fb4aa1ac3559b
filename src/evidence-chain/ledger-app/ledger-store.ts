import { ClassicLevel } from 'classic-level';
import { fromHex, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { MerkleLog } from '../merkle/merkle-log';
import { StateView } from './ledger-state-keys';
import { historyLeafHash, LedgerProof, ledgerAppHash, mapLeafHash } from './state-proof';

const hasher = treeHasher(nodeSha256);
const enc = new TextEncoder();

// LevelDB layout: `m:<key>` the state map, `h:<index>` history leaves (JCS bytes), `l:<index>` their
// leaf hashes (hex; what a restart loads, so it never reads the leaves themselves),
// `i:<origin>\n<size>` history index of a checkpoint, `meta` the last committed height and app hash. Each block is one
// synchronous WriteBatch, so after a SIGKILL the store holds a whole block or none of it.
const META = 'meta';
const pad = (n: number) => String(n).padStart(12, '0');

interface PendingBlock {
  height: number;
  writes: Map<string, string>;
  leaves: Array<{ value: string; origin: string; treeSize: number }>;
  appHash: Uint8Array;
}

/** 账本存储: the committed state in memory (the map is small; the history keeps only leaf hashes) over LevelDB. */
export class LedgerStore implements StateView {
  private readonly map = new Map<string, string>();
  private readonly history = new MerkleLog(hasher, 1 << 12);
  private committedHistory = 0;
  private mapTree?: { keys: string[]; log: MerkleLog; root: Uint8Array };
  private pending?: PendingBlock;
  height = 0;
  appHash: Uint8Array = new Uint8Array(0);

  private constructor(private readonly db: ClassicLevel<string, string>) {}

  static async open(dir: string): Promise<LedgerStore> {
    const db = new ClassicLevel<string, string>(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
    await db.open();
    const store = new LedgerStore(db);
    for await (const [key, value] of db.iterator({ gte: 'm:', lt: 'm;' })) store.map.set(key.slice(2), value);
    for await (const hash of db.values({ gte: 'l:', lt: 'l;' })) store.history.append(fromHex(hash));
    store.committedHistory = store.history.size;
    const meta = await db.get(META);
    if (meta !== undefined) {
      const parsed = JSON.parse(meta) as { height: number; appHash: string };
      store.height = parsed.height;
      store.appHash = fromHex(parsed.appHash);
    }
    return store;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  get(key: string): string | undefined {
    return this.map.get(key);
  }

  get historySize(): number {
    return this.committedHistory;
  }

  historyRoot(size: number): Uint8Array | undefined {
    return Number.isSafeInteger(size) && size >= 1 && size <= this.committedHistory
      ? this.history.root(size)
      : undefined;
  }

  /**
   * Stages a block's effects and returns its app hash. The history tree takes the new leaves now
   * (they are appended past the committed size, which queries keep to); the map only at commit.
   */
  stage(height: number, writes: Map<string, string>, leaves: PendingBlock['leaves']): Uint8Array {
    this.history.appendAll(concat(leaves.map((l) => historyLeafHash(enc.encode(l.value)))));
    const size = this.committedHistory + leaves.length;
    const mapRoot =
      writes.size === 0 ? this.committedMapTree().root : mapTreeOf(new Map([...this.map, ...writes])).root;
    const appHash = ledgerAppHash(mapRoot, this.history.root(size), size);
    this.pending = { height, writes, leaves, appHash };
    return appHash;
  }

  /** Makes the staged block durable (fsync'd batch), then current. */
  async commit(): Promise<void> {
    const block = this.pending;
    if (!block) throw new Error('commit without a finalized block');
    const batch = this.db.batch();
    for (const [key, value] of block.writes) batch.put(`m:${key}`, value);
    block.leaves.forEach((leaf, i) => {
      batch.put(`h:${pad(this.committedHistory + i)}`, leaf.value);
      batch.put(`l:${pad(this.committedHistory + i)}`, toHex(this.history.leafHash(this.committedHistory + i)));
      batch.put(`i:${leaf.origin}\n${pad(leaf.treeSize)}`, String(this.committedHistory + i));
    });
    batch.put(META, JSON.stringify({ height: block.height, appHash: toHex(block.appHash) }));
    await batch.write({ sync: true });
    for (const [key, value] of block.writes) this.map.set(key, value);
    if (block.writes.size > 0) this.mapTree = undefined;
    this.committedHistory += block.leaves.length;
    this.height = block.height;
    this.appHash = block.appHash;
    this.pending = undefined;
  }

  /** Proof that the committed map holds `key`; null if it does not. */
  proveKey(key: string): { value: string; proof: LedgerProof } | null {
    const tree = this.committedMapTree();
    const index = binarySearch(tree.keys, key);
    if (index < 0) return null;
    return { value: this.map.get(key)!, proof: this.proof('map', index, tree) };
  }

  /** The committed history leaf of checkpoint `origin`@`treeSize` with its proof; null if none. */
  async proveCheckpoint(origin: string, treeSize: number): Promise<{ value: string; proof: LedgerProof } | null> {
    const indexText = await this.db.get(`i:${origin}\n${pad(treeSize)}`);
    if (indexText === undefined) return null;
    const index = Number(indexText);
    if (index >= this.committedHistory) return null;
    const value = (await this.db.get(`h:${pad(index)}`))!;
    return { value, proof: this.proof('history', index, this.committedMapTree()) };
  }

  private proof(kind: 'map' | 'history', index: number, tree: { log: MerkleLog; root: Uint8Array }): LedgerProof {
    const size = this.committedHistory;
    const path = kind === 'map' ? tree.log.inclusionProof(index) : this.history.inclusionProof(index, size);
    return {
      kind,
      index,
      size: kind === 'map' ? tree.log.size : size,
      path: path.map(toHex),
      mapRoot: toHex(tree.root),
      historyRoot: toHex(this.history.root(size)),
      historySize: size,
    };
  }

  private committedMapTree() {
    return (this.mapTree ??= mapTreeOf(this.map));
  }
}

function mapTreeOf(map: Map<string, string>): { keys: string[]; log: MerkleLog; root: Uint8Array } {
  const keys = [...map.keys()].sort(compare);
  const log = new MerkleLog(hasher, Math.max(1, keys.length));
  for (const key of keys) log.append(mapLeafHash(key, enc.encode(map.get(key)!)));
  return { keys, log, root: log.root() };
}

// Sorted by UTF-16 code units, as Array.prototype.sort does: the same order on every validator.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function binarySearch(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(keys[mid], key);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
