import { ed25519 } from '@noble/curves/ed25519';
import { toHex } from '../canonical/byte-encoding';
import { nobleSha256 } from '../canonical/sha256-noble';
import { Checkpoint, checkpointId } from './checkpoint';
import { checkpointSignatureProblem, signCheckpoint } from './checkpoint-signature';
import { encodeCheckpointTx, encodeLegacyCheckpointTx, parseCheckpointTx } from './checkpoint-tx';

const secretKey = new Uint8Array(32).fill(7);
const publicKey = ed25519.getPublicKey(secretKey);
const checkpoint: Checkpoint = {
  origin: 'bureau.example.gov.cn/evidence',
  treeSize: 300,
  rootHash: 'ab'.repeat(32),
  previous: null,
  issuedAt: '2026-11-25T08:00:00.000Z',
};

describe('checkpoint', () => {
  it('should verify a signature made with the regulator key when nothing changed', () => {
    const signed = signCheckpoint(checkpoint, secretKey);
    expect(signed.publicKey).toBe(toHex(publicKey));
    expect(checkpointSignatureProblem(signed, publicKey)).toBeNull();
  });

  it('should reject the signature when any field changed or another key is pinned', () => {
    const signed = signCheckpoint(checkpoint, secretKey);
    expect(checkpointSignatureProblem({ ...signed, checkpoint: { ...checkpoint, treeSize: 301 } }, publicKey)).toMatch(
      /does not verify/,
    );
    expect(checkpointSignatureProblem(signed, ed25519.getPublicKey(new Uint8Array(32).fill(8)))).toMatch(
      /not the pinned regulator key/,
    );
    expect(checkpointSignatureProblem({ ...signed, checkpoint: { ...checkpoint, origin: 'a:b' } }, publicKey)).toMatch(
      /origin/,
    );
  });

  it('should encode a ledger tx that parses back to the same checkpoint', () => {
    const signed = signCheckpoint(checkpoint, secretKey);
    const tx = encodeCheckpointTx(signed, { fromSize: 200, proof: [new Uint8Array(32).fill(1)] });
    expect(new TextDecoder().decode(tx).startsWith('risk-ledger/tx/v1\n{"consistency":{"fromSize":200')).toBe(true);
    expect(parseCheckpointTx(tx)).toEqual({ ok: true, signed });
  });

  it('should still read the old kvstore tx (one = and no :) back to the same checkpoint', () => {
    const signed = signCheckpoint(checkpoint, secretKey);
    const tx = encodeLegacyCheckpointTx(signed);
    const text = new TextDecoder().decode(tx);
    expect(text.startsWith('ckpt.bureau.example.gov.cn/evidence.300=')).toBe(true);
    expect(text.split('=')).toHaveLength(2);
    expect(text).not.toContain(':');
    expect(parseCheckpointTx(tx)).toEqual({ ok: true, signed });
  });

  it('should say why a tx is not a checkpoint when it is malformed', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(parseCheckpointTx(enc('a=b=c'))).toMatchObject({ ok: false, reason: expect.stringMatching(/exactly one/) });
    expect(parseCheckpointTx(enc('name=satoshi'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a checkpoint key/),
    });
    expect(parseCheckpointTx(enc('ckpt.x.1=!!'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/base64url/),
    });
    const signed = signCheckpoint(checkpoint, secretKey);
    const renamed = new TextDecoder().decode(encodeLegacyCheckpointTx(signed)).replace('.300=', '.299=');
    expect(parseCheckpointTx(enc(renamed))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match/),
    });
  });

  it('should chain checkpoints by the hash of the previous signed one', () => {
    const first = signCheckpoint(checkpoint, secretKey);
    const id = checkpointId(first, nobleSha256);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const second = signCheckpoint({ ...checkpoint, treeSize: 400, previous: id }, secretKey);
    expect(checkpointId(second, nobleSha256)).not.toBe(id);
  });
});
