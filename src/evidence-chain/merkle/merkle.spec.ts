import { fromHex, toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { nobleSha256 } from '../canonical/sha256-noble';
import { TreeHasher, treeHasher } from '../canonical/tree-hasher';
import { verifyConsistency } from './consistency-proof';
import { verifyInclusion } from './inclusion-proof';
import { MerkleLog } from './merkle-log';
import { workerLevelHasher } from './parallel-levels';
import vectors from './rfc6962-vectors.json';
import { merkleRoot } from './tree-math';
import { vectorContentHash } from './vector-leaves';

const hasher = treeHasher(nodeSha256);
const noble = treeHasher(nobleSha256);

// An independent reference straight from the RFC 6962 section 2.1 definitions, on plain arrays.
const naive = {
  k: (n: number) => 2 ** Math.ceil(Math.log2(n) - 1),
  mth(d: Uint8Array[], h: TreeHasher): Uint8Array {
    if (d.length === 0) return h.emptyRoot();
    if (d.length === 1) return d[0];
    const k = naive.k(d.length);
    return h.node(naive.mth(d.slice(0, k), h), naive.mth(d.slice(k), h));
  },
  path(m: number, d: Uint8Array[]): Uint8Array[] {
    if (d.length === 1) return [];
    const k = naive.k(d.length);
    return m < k
      ? [...naive.path(m, d.slice(0, k)), naive.mth(d.slice(k), hasher)]
      : [...naive.path(m - k, d.slice(k)), naive.mth(d.slice(0, k), hasher)];
  },
  subproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
    if (m === d.length) return b ? [] : [naive.mth(d, hasher)];
    const k = naive.k(d.length);
    return m <= k
      ? [...naive.subproof(m, d.slice(0, k), b), naive.mth(d.slice(k), hasher)]
      : [...naive.subproof(m - k, d.slice(k), false), naive.mth(d.slice(0, k), hasher)];
  },
};

function logOf(leaves: Uint8Array[]): MerkleLog {
  const log = new MerkleLog(hasher, 1);
  for (const leaf of leaves) log.append(leaf);
  return log;
}

const vectorLeaves = (n: number) => Array.from({ length: n }, (_, i) => hasher.leaf(vectorContentHash(i, nodeSha256)));
const hexes = (hs: Uint8Array[]) => hs.map(toHex);

describe(MerkleLog.name, () => {
  // Published RFC 6962 vectors: transparency-dev/merkle testonly/constants.go (LeafInputs, RootHashes,
  // NodeHashes), the same data as certificate-transparency's merkle_tree_test.cc.
  const ctLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((h) => hasher.leaf(fromHex(h)));
  const ctRoots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('should reproduce the published certificate-transparency roots for 0..8 leaves', () => {
    const log = logOf(ctLeaves);
    ctRoots.forEach((root, n) => expect(toHex(log.root(n))).toBe(root));
  });

  it('should reproduce the published audit paths and consistency proofs when given the CT leaves', () => {
    const log = logOf(ctLeaves);
    expect(hexes(log.inclusionProof(0, 8))).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
    expect(hexes(log.inclusionProof(5, 8))).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(hexes(log.consistencyProof(6, 8))).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });

  it('should match the committed vector file for roots, audit paths and consistency proofs', () => {
    const log = logOf(vectorLeaves(65537));
    for (const v of vectors.roots) expect(toHex(log.root(v.treeSize))).toBe(v.rootHash);
    for (const v of vectors.inclusion) {
      expect(toHex(log.leafHash(v.leafIndex))).toBe(v.leafHash);
      expect(hexes(log.inclusionProof(v.leafIndex, v.treeSize))).toEqual(v.auditPath);
      expect(
        verifyInclusion(
          noble,
          v.leafIndex,
          v.treeSize,
          fromHex(v.leafHash),
          v.auditPath.map(fromHex),
          fromHex(v.rootHash),
        ),
      ).toEqual({ ok: true });
    }
    for (const v of vectors.consistency) {
      expect(hexes(log.consistencyProof(v.first, v.second))).toEqual(v.proof);
      expect(
        verifyConsistency(noble, v.first, v.second, fromHex(v.firstRoot), fromHex(v.secondRoot), v.proof.map(fromHex)),
      ).toEqual({ ok: true });
    }
  });

  it('should agree with the naive RFC 6962 definitions for every root, path and proof up to 40 leaves', () => {
    const leaves = vectorLeaves(40);
    const log = logOf(leaves);
    for (let n = 0; n <= 40; n++) {
      const d = leaves.slice(0, n);
      const root = naive.mth(d, hasher);
      expect(toHex(log.root(n))).toBe(toHex(root));
      expect(toHex(merkleRoot(d, noble))).toBe(toHex(root));
      for (let m = 0; m < n; m++) {
        const path = log.inclusionProof(m, n);
        expect(hexes(path)).toEqual(hexes(naive.path(m, d)));
        expect(verifyInclusion(noble, m, n, leaves[m], path, root)).toEqual({ ok: true });
      }
      for (let m = 1; m < n; m++) {
        const proof = log.consistencyProof(m, n);
        expect(hexes(proof)).toEqual(hexes(naive.subproof(m, d, true)));
        expect(verifyConsistency(noble, m, n, log.root(m), root, proof)).toEqual({ ok: true });
      }
    }
  });

  it('should reject an audit path when any hash, the index or the size is wrong', () => {
    const leaves = vectorLeaves(13);
    const log = logOf(leaves);
    const root = log.root();
    const path = log.inclusionProof(6);
    const flipped = path.map((p, i) => (i === 1 ? Uint8Array.from(p, (b, j) => (j === 0 ? b ^ 1 : b)) : p));
    expect(verifyInclusion(noble, 6, 13, leaves[6], flipped, root)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/leads to root/),
    });
    expect(verifyInclusion(noble, 7, 13, leaves[6], path, root).ok).toBe(false);
    expect(verifyInclusion(noble, 6, 8, leaves[6], path, root).ok).toBe(false);
    expect(verifyInclusion(noble, 6, 13, leaves[6], path.slice(1), root)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too few/),
    });
    expect(verifyInclusion(noble, 6, 13, leaves[6], [...path, path[0]], root)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/more than/),
    });
    expect(verifyInclusion(noble, 13, 13, leaves[6], path, root)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outside/),
    });
  });

  it('should reject a consistency proof when the old tree was rewritten', () => {
    const leaves = vectorLeaves(20);
    const log = logOf(leaves);
    const rewritten = logOf([...leaves.slice(0, 4), hasher.leaf(new Uint8Array([1])), ...leaves.slice(5)]);
    const proof = rewritten.consistencyProof(7, 20);
    expect(verifyConsistency(noble, 7, 20, log.root(7), rewritten.root(20), proof)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/old root/),
    });
    expect(verifyConsistency(noble, 20, 7, log.root(20), log.root(7), [])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/shrank/),
    });
    expect(verifyConsistency(noble, 7, 20, log.root(7), log.root(20), [])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/empty/),
    });
  });

  it('should keep old roots stable while growing and refuse sizes beyond the log', () => {
    const leaves = vectorLeaves(300);
    const log = new MerkleLog(hasher, 1);
    const roots: string[] = [];
    for (const leaf of leaves) {
      log.append(leaf);
      roots.push(toHex(log.root()));
    }
    roots.forEach((root, i) => expect(toHex(log.root(i + 1))).toBe(root));
    expect(() => log.root(301)).toThrow(RangeError);
    expect(() => log.inclusionProof(300, 300)).toThrow(RangeError);
  });
  describe('warm', () => {
    it('should match the committed vector file after hashing the lower levels on worker threads', async () => {
      const log = logOf(vectorLeaves(65537));
      await log.warm(workerLevelHasher(2), 1);
      for (const v of vectors.roots) expect(toHex(log.root(v.treeSize))).toBe(v.rootHash);
      for (const v of vectors.inclusion)
        expect(hexes(log.inclusionProof(v.leafIndex, v.treeSize))).toEqual(v.auditPath);
      for (const v of vectors.consistency) expect(hexes(log.consistencyProof(v.first, v.second))).toEqual(v.proof);
    });

    it('should give the hashes of a log never warmed for uneven sizes, thread counts and appends in between', async () => {
      const leaves = vectorLeaves(30_001);
      const plain = logOf(leaves);
      for (const [size, threads] of [
        [9, 2],
        [100, 3],
        [4099, 2],
        [30_001, 4],
      ] as const) {
        const log = logOf(leaves.slice(0, Math.floor(size / 2)));
        await log.warm(workerLevelHasher(threads), 1);
        log.root(); // a sync fill of the edge, then more leaves and a second warm from where the first stopped
        for (const leaf of leaves.slice(Math.floor(size / 2), size)) log.append(leaf);
        await log.warm(workerLevelHasher(threads), 1);
        expect(toHex(log.root())).toBe(toHex(plain.root(size)));
        for (const m of [0, 1, Math.floor(size / 3), size - 1])
          expect(hexes(log.inclusionProof(m, size))).toEqual(hexes(plain.inclusionProof(m, size)));
        expect(hexes(log.consistencyProof(Math.floor(size / 2), size))).toEqual(
          hexes(plain.consistencyProof(Math.floor(size / 2), size)),
        );
      }
    });

    it('should leave a small log to the calling thread', async () => {
      const log = logOf(vectorLeaves(1000));
      await log.warm(workerLevelHasher(2)); // below the threshold: nothing to do, nothing changes
      expect(toHex(log.root())).toBe(vectors.roots.find((r) => r.treeSize === 1000)!.rootHash);
    });
  });
});
