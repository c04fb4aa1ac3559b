import { HASH_SIZE, TreeHasher } from '../canonical/tree-hasher';
import { InnerNodeHasher, makeInnerNodeHasher } from './inner-node';
import type { LevelHasher } from './parallel-levels';
import { isPowerOfTwo, splitPoint } from './tree-math';

// Below this many uncached leaves, starting worker threads costs more than hashing on this one.
const PARALLEL_MIN_LEAVES = 1 << 16;

/**
 * The append-only evidence log in memory. Level 0 is one flat buffer of leaf hashes; level k holds
 * the hashes of the complete, 2^k-aligned subtrees, filled lazily and kept forever (they can never
 * change in an append-only tree). Any root, audit path or consistency proof is then a handful of
 * cached subtrees plus at most log2(n) fresh hashes for the ragged right edge. Levels live in
 * shared memory so warm() can fill them on every core.
 */
export class MerkleLog {
  private readonly levels: Uint8Array[];
  private readonly filled: number[]; // entries computed per level (level 0: the leaves)

  /** `innerNode` fills the cached levels (the specialised hash by default); `hasher` does the rest. */
  constructor(
    private readonly hasher: TreeHasher,
    initialCapacity = 1024,
    private readonly innerNode: InnerNodeHasher = makeInnerNodeHasher(),
  ) {
    this.levels = [sharedBytes(Math.max(1, initialCapacity) * HASH_SIZE)];
    this.filled = [0];
  }

  get size(): number {
    return this.filled[0];
  }

  /** Appends one leaf hash (SHA-256(0x00 || contentHash)); returns its leaf index. */
  append(leafHash: Uint8Array): number {
    if (leafHash.length !== HASH_SIZE)
      throw new RangeError(`a leaf hash is ${HASH_SIZE} bytes, got ${leafHash.length}`);
    const index = this.filled[0];
    this.levels[0] = ensureCapacity(this.levels[0], index + 1);
    this.levels[0].set(leafHash, index * HASH_SIZE);
    this.filled[0] = index + 1;
    return index;
  }

  /** Appends many leaf hashes given back to back in one buffer (e.g. rows loaded from the database). */
  appendAll(leafHashes: Uint8Array): void {
    if (leafHashes.length % HASH_SIZE !== 0)
      throw new RangeError(`leaf hashes must be a multiple of ${HASH_SIZE} bytes`);
    const count = leafHashes.length / HASH_SIZE;
    this.levels[0] = ensureCapacity(this.levels[0], this.filled[0] + count);
    this.levels[0].set(leafHashes, this.filled[0] * HASH_SIZE);
    this.filled[0] += count;
  }

  leafHash(index: number): Uint8Array {
    this.checkSize(index + 1);
    return this.levels[0].slice(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  /** MTH of the first `treeSize` leaves: any earlier checkpoint's root can be recomputed. */
  root(treeSize = this.size): Uint8Array {
    this.checkSize(treeSize);
    return treeSize === 0 ? this.hasher.emptyRoot() : this.subtree(0, treeSize).slice();
  }

  /**
   * Hashes the complete subtrees under all leaves with `levels` (worker threads), so that the next
   * root or proof only hashes the top levels and the ragged right edge. For a log loaded cold
   * (a million leaves is a million inner hashes); the hashes are the ones root() would compute.
   */
  async warm(levels: LevelHasher, minLeaves = PARALLEL_MIN_LEAVES): Promise<void> {
    const { threads } = levels;
    // Blocks of 2^depth leaves, about four per thread, so a core slowed by others does not hold up the rest.
    const depth = Math.floor(Math.log2(this.size / (threads * 4)));
    if (threads < 2 || !(depth >= 1)) return;
    const perBlock = 2 ** depth;
    const from = depth < this.filled.length ? this.filled[depth] : 0;
    const to = Math.floor(this.size / perBlock);
    if ((to - from) * perBlock < Math.max(1, minLeaves)) return;
    while (this.levels.length <= depth) {
      this.levels.push(sharedBytes(HASH_SIZE));
      this.filled.push(0);
    }
    for (let level = 1; level <= depth; level++)
      this.levels[level] = ensureCapacity(this.levels[level], to * 2 ** (depth - level));
    const shared = this.levels.slice(0, depth + 1);
    await levels.hash({ levels: shared, depth, from, to });
    for (let level = 1; level <= depth; level++) {
      const count = to * 2 ** (depth - level);
      // A level that grew meanwhile (appends, a proof served) is a new buffer: give it the results too.
      if (this.levels[level] !== shared[level]) {
        this.levels[level] = ensureCapacity(this.levels[level], count);
        this.levels[level].set(shared[level].subarray(0, count * HASH_SIZE));
      }
      this.filled[level] = Math.max(this.filled[level], count);
    }
  }

  /** RFC 6962 PATH(m, D[n]): sibling hashes from the leaf up to the root of the tree of size n. */
  inclusionProof(leafIndex: number, treeSize = this.size): Uint8Array[] {
    this.checkSize(treeSize);
    if (!(leafIndex >= 0 && leafIndex < treeSize))
      throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
    const path: Uint8Array[] = [];
    let start = 0;
    let n = treeSize;
    let m = leafIndex;
    // Walk top-down, collecting the sibling subtree at each split; reversed into leaf-to-root order.
    while (n > 1) {
      const k = splitPoint(n);
      if (m < k) {
        path.push(this.subtree(start + k, n - k).slice());
        n = k;
      } else {
        path.push(this.subtree(start, k).slice());
        start += k;
        m -= k;
        n -= k;
      }
    }
    return path.reverse();
  }

  /** RFC 6962 PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the new tree extends the old one. */
  consistencyProof(first: number, second = this.size): Uint8Array[] {
    this.checkSize(second);
    if (!(first >= 0 && first <= second)) throw new RangeError(`no consistency proof from ${first} to ${second}`);
    if (first === 0 || first === second) return [];
    const proof: Uint8Array[] = [];
    let start = 0;
    let n = second;
    let m = first;
    let whole = true; // SUBPROOF's b: is the old tree exactly this subtree's left part so far?
    while (m !== n) {
      const k = splitPoint(n);
      if (m <= k) {
        proof.push(this.subtree(start + k, n - k).slice());
        n = k;
      } else {
        proof.push(this.subtree(start, k).slice());
        start += k;
        m -= k;
        n -= k;
        whole = false;
      }
    }
    if (!whole) proof.push(this.subtree(start, n).slice());
    return proof.reverse();
  }

  private checkSize(treeSize: number): void {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > this.size) {
      throw new RangeError(`tree size ${treeSize} is beyond the log's ${this.size} leaves`);
    }
  }

  /** MTH(D[start:start+n]). start is always a multiple of the split points above it, so the left parts are cached. */
  private subtree(start: number, n: number): Uint8Array {
    if (isPowerOfTwo(n) && start % n === 0) {
      const level = Math.round(Math.log2(n));
      return this.complete(level, start / n);
    }
    const k = splitPoint(n);
    return this.hasher.node(this.subtree(start, k), this.subtree(start + k, n - k));
  }

  /** A view of the cached hash of complete subtree `index` at `level`; computes missing ones first. */
  private complete(level: number, index: number): Uint8Array {
    this.fill(level, index + 1);
    return this.levels[level].subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE);
  }

  private fill(level: number, count: number): void {
    while (this.levels.length <= level) {
      this.levels.push(sharedBytes(Math.max(1, count) * HASH_SIZE));
      this.filled.push(0);
    }
    if (this.filled[level] >= count) return;
    if (level === 0) throw new RangeError(`leaf ${count - 1} does not exist`); // callers check sizes first
    this.fill(level - 1, count * 2);
    const below = this.levels[level - 1];
    const out = (this.levels[level] = ensureCapacity(this.levels[level], count));
    // The two children are adjacent in the level below: hashed in place (= hasher.node).
    for (let i = this.filled[level]; i < count; i++) this.innerNode(below, 2 * i * HASH_SIZE, out, i * HASH_SIZE);
    this.filled[level] = count;
  }
}

/** Grows by doubling so appends stay amortised O(1); old contents are copied once. */
function ensureCapacity(buffer: Uint8Array, entries: number): Uint8Array {
  if (entries * HASH_SIZE <= buffer.length) return buffer;
  let capacity = buffer.length / HASH_SIZE;
  while (capacity < entries) capacity *= 2;
  const grown = sharedBytes(capacity * HASH_SIZE);
  grown.set(buffer);
  return grown;
}

function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
