import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { MerkleLog } from '../merkle/merkle-log';
import { historyLeafHash, LedgerProof, ledgerAppHash, mapLeafHash, verifyLedgerProof } from './state-proof';

const hasher = treeHasher(nodeSha256);
const enc = (s: string) => new TextEncoder().encode(s);

describe('ledger state proofs', () => {
  // A state of three map entries (sorted by key) and two history leaves.
  const entries: Array<[string, string]> = [
    ['a', '1'],
    ['members', '[]'],
    ['valset/changes', '{"changes":[]}'],
  ];
  const map = new MerkleLog(hasher);
  for (const [k, v] of entries) map.append(mapLeafHash(k, enc(v)));
  const history = new MerkleLog(hasher);
  for (const v of ['{"n":0}', '{"n":1}']) history.append(historyLeafHash(enc(v)));
  const appHash = ledgerAppHash(map.root(), history.root(), history.size);
  const base = { mapRoot: toHex(map.root()), historyRoot: toHex(history.root()), historySize: 2 };
  const mapProof: LedgerProof = { kind: 'map', index: 1, size: 3, path: map.inclusionProof(1).map(toHex), ...base };
  const historyProof: LedgerProof = {
    kind: 'history',
    index: 1,
    size: 2,
    path: history.inclusionProof(1).map(toHex),
    ...base,
  };

  it('should place a map value and a history leaf in the app hash', () => {
    expect(verifyLedgerProof(appHash, 'members', enc('[]'), mapProof)).toEqual({ ok: true });
    expect(verifyLedgerProof(appHash, '', enc('{"n":1}'), historyProof)).toEqual({ ok: true });
  });

  it('should refuse another value, another key, another index, another app hash or a history size that lies', () => {
    expect(verifyLedgerProof(appHash, 'members', enc('[1]'), mapProof).ok).toBe(false);
    expect(verifyLedgerProof(appHash, 'a', enc('[]'), mapProof).ok).toBe(false);
    expect(verifyLedgerProof(appHash, 'members', enc('[]'), { ...mapProof, index: 0 }).ok).toBe(false);
    expect(verifyLedgerProof(nodeSha256(enc('x')), 'members', enc('[]'), mapProof)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/app hash/),
    });
    expect(verifyLedgerProof(appHash, '', enc('{"n":1}'), { ...historyProof, historySize: 3, size: 3 }).ok).toBe(false);
    expect(verifyLedgerProof(appHash, '', enc('{"n":0}'), historyProof).ok).toBe(false);
  });
});
