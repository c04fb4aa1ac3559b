// Regenerates rfc6962-vectors.json: `node -r @swc-node/register src/evidence-chain/merkle/generate-vectors.cli.ts`.
// The vectors let another implementation (an auditor's, in any language) check itself against ours.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { MerkleLog } from './merkle-log';
import { vectorContentHash } from './vector-leaves';

const ROOT_SIZES = [...Array.from({ length: 18 }, (_, n) => n), 1000, 65537];
const INCLUSION: Array<[number, number]> = [
  [0, 1],
  [0, 8],
  [5, 8],
  [6, 7],
  [2, 3],
  [16, 17],
  [999, 1000],
  [12345, 65537],
  [65536, 65537],
];
const CONSISTENCY: Array<[number, number]> = [
  [1, 8],
  [6, 8],
  [2, 5],
  [3, 7],
  [7, 17],
  [16, 17],
  [8, 1000],
  [1000, 65537],
];

const hasher = treeHasher(nodeSha256);
const log = new MerkleLog(hasher);
for (let i = 0; i < Math.max(...ROOT_SIZES); i++) log.append(hasher.leaf(vectorContentHash(i, nodeSha256)));
const hex = (hashes: Uint8Array[]) => hashes.map(toHex);

const vectors = {
  description:
    'RFC 6962/9162 Merkle tree vectors of the evidence log. Leaf i: contentHash = SHA-256(ASCII "leaf <i>"), ' +
    'leaf hash = SHA-256(0x00 || contentHash); node = SHA-256(0x01 || left || right); empty root = SHA-256(""). ' +
    'Audit paths and consistency proofs are ordered leaf to root (RFC 9162 section 2.1.3 / 2.1.4).',
  generatedBy: 'src/evidence-chain/merkle/generate-vectors.cli.ts',
  roots: ROOT_SIZES.map((treeSize) => ({ treeSize, rootHash: toHex(log.root(treeSize)) })),
  inclusion: INCLUSION.map(([leafIndex, treeSize]) => ({
    leafIndex,
    treeSize,
    leafHash: toHex(log.leafHash(leafIndex)),
    auditPath: hex(log.inclusionProof(leafIndex, treeSize)),
    rootHash: toHex(log.root(treeSize)),
  })),
  consistency: CONSISTENCY.map(([first, second]) => ({
    first,
    second,
    firstRoot: toHex(log.root(first)),
    secondRoot: toHex(log.root(second)),
    proof: hex(log.consistencyProof(first, second)),
  })),
};

const target = join(__dirname, 'rfc6962-vectors.json');
writeFileSync(target, JSON.stringify(vectors, null, 2) + '\n');
console.log(`wrote ${target}`);
