import { ed25519 } from '@noble/curves/ed25519';
import { checkpointNoteBody, noteVerifierKey, signCheckpointNote } from './checkpoint-note';

describe('C2SP tlog-checkpoint signed note', () => {
  const secret = new Uint8Array(32).fill(3);
  const checkpoint = { origin: 'bureau.example.gov.cn/evidence', treeSize: 300, rootHash: 'ab'.repeat(32) };

  it('should put origin, size and base64 root one a line, then the signature line', () => {
    const note = signCheckpointNote(checkpoint, secret);
    const [body, signatures] = note.split('\n\n');
    expect(`${body}\n`).toBe(checkpointNoteBody(checkpoint));
    expect(body.split('\n')).toEqual([
      'bureau.example.gov.cn/evidence',
      '300',
      Buffer.alloc(32, 0xab).toString('base64'),
    ]);
    expect(signatures).toMatch(/^\u2014 bureau\.example\.gov\.cn\/evidence [A-Za-z0-9+/]{91}=\n$/);
    const blob = Buffer.from(signatures.trim().split(' ')[2], 'base64');
    const key = noteVerifierKey(checkpoint.origin, ed25519.getPublicKey(secret));
    expect(blob.subarray(0, 4).toString('hex')).toBe(key.split('+')[1]);
    expect(
      ed25519.verify(blob.subarray(4), Buffer.from(checkpointNoteBody(checkpoint)), ed25519.getPublicKey(secret)),
    ).toBe(true);
  });
});
