import { ed25519 } from '@noble/curves/ed25519';
import { toHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { noteVerifierKey, signCheckpointNote } from '../checkpoint/checkpoint-note';
import { MerkleLog } from '../merkle/merkle-log';
import { addCheckpoint } from './add-checkpoint';
import { splitNote, verifyCosignature } from './cosignature';

const hasher = treeHasher(nodeSha256);
const origin = 'bureau.test/evidence';
const regulator = ed25519.utils.randomPrivateKey();
const logKey = noteVerifierKey(origin, ed25519.getPublicKey(regulator));
const cosigner = { name: 'firm.test/witness', secretKey: ed25519.utils.randomPrivateKey() };

function grow(log: MerkleLog, n: number, tag = 'leaf'): MerkleLog {
  for (let i = 0; i < n; i++) log.append(hasher.leaf(new TextEncoder().encode(`${tag}/${log.size}`)));
  return log;
}
const noteOf = (log: MerkleLog, key = regulator) =>
  signCheckpointNote({ origin, treeSize: log.size, rootHash: toHex(log.root()) }, key);
const request = (old: number, proof: Uint8Array[], note: string) =>
  `old ${old}\n${proof.map((p) => `${Buffer.from(p).toString('base64')}\n`).join('')}\n${note}`;

describe(addCheckpoint.name, () => {
  it('should cosign the first checkpoint from old 0, then a consistent one, and answer 409 with the known size for a stale old size', () => {
    const log = grow(new MerkleLog(hasher), 5);
    const first = addCheckpoint(request(0, [], noteOf(log)), null, logKey, cosigner);
    expect(first.status).toBe(200);
    expect(
      verifyCosignature(splitNote(noteOf(log)).body, first.body, ed25519.getPublicKey(cosigner.secretKey)).name,
    ).toBe(cosigner.name);
    grow(log, 4);
    const second = addCheckpoint(request(5, log.consistencyProof(5, 9), noteOf(log)), first.state!, logKey, cosigner);
    expect(second).toMatchObject({ status: 200, state: { treeSize: 9 } });
    expect(addCheckpoint(request(5, log.consistencyProof(5, 9), noteOf(log)), second.state!, logKey, cosigner)).toEqual(
      { status: 409, contentType: 'text/x.tlog.size', body: '9\n' },
    );
  });

  it('should answer 422 to a proof that does not verify, 403 to another key, 404 to another origin, 400 to an old size past the checkpoint', () => {
    const log = grow(new MerkleLog(hasher), 6);
    const state = addCheckpoint(request(0, [], noteOf(log)), null, logKey, cosigner).state!;
    const forked = grow(new MerkleLog(hasher), 10, 'fork');
    expect(
      addCheckpoint(request(6, forked.consistencyProof(6, 10), noteOf(forked)), state, logKey, cosigner).status,
    ).toBe(422);
    expect(
      addCheckpoint(request(6, [], noteOf(grow(log, 1), ed25519.utils.randomPrivateKey())), state, logKey, cosigner)
        .status,
    ).toBe(403);
    const other = signCheckpointNote({ origin: 'other.test/log', treeSize: 7, rootHash: toHex(log.root()) }, regulator);
    expect(addCheckpoint(request(6, [], other), state, logKey, cosigner).status).toBe(404);
    expect(addCheckpoint(request(9, [], noteOf(log)), state, logKey, cosigner).status).toBe(400);
  });
});
