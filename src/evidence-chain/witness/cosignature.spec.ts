import { ed25519 } from '@noble/curves/ed25519';
import { noteVerifierKey, signCheckpointNote } from '../checkpoint/checkpoint-note';
import {
  cosignerVerifierKey,
  NoteError,
  openCheckpointNote,
  parseVerifierKey,
  signCosignature,
  splitNote,
  verifyCosignature,
} from './cosignature';

const regulator = ed25519.utils.randomPrivateKey();
const firm = ed25519.utils.randomPrivateKey();
const checkpoint = { origin: 'bureau.test/evidence', treeSize: 12, rootHash: 'ab'.repeat(32) };
const note = signCheckpointNote(checkpoint, regulator);
const logKey = noteVerifierKey(checkpoint.origin, ed25519.getPublicKey(regulator));

describe('C2SP cosignature/v1', () => {
  it('should open a checkpoint note under the pinned log key and refuse another key or a changed body', () => {
    expect(openCheckpointNote(note, logKey)).toMatchObject({
      origin: checkpoint.origin,
      treeSize: 12,
      rootHash: checkpoint.rootHash,
    });
    const other = noteVerifierKey(checkpoint.origin, ed25519.getPublicKey(firm));
    expect(() => openCheckpointNote(note, other)).toThrow(expect.objectContaining({ reason: 'unknown_key' }));
    expect(() => openCheckpointNote(note.replace('\n12\n', '\n13\n'), logKey)).toThrow(
      expect.objectContaining({ reason: 'bad_signature' }),
    );
  });

  it('should sign a cosignature that verifies under the firm key with its timestamp, and fail on another key, time or checkpoint', () => {
    const { body } = splitNote(note);
    const line = signCosignature(body, 'firm.91110000100000000A', firm, 1764990000);
    expect(line).toMatch(/^\u2014 firm\.91110000100000000A [A-Za-z0-9+/]{102}==\n$/);
    expect(verifyCosignature(body, line, ed25519.getPublicKey(firm))).toMatchObject({
      name: 'firm.91110000100000000A',
      timestamp: 1764990000,
    });
    expect(() => verifyCosignature(body, line, ed25519.getPublicKey(regulator))).toThrow(NoteError);
    expect(() => verifyCosignature(body.replace('12', '11'), line, ed25519.getPublicKey(firm))).toThrow(
      expect.objectContaining({ reason: 'bad_signature' }),
    );
    // The same note with the cosignature appended still opens under the log key (other lines are ignored).
    expect(openCheckpointNote(note + line, logKey).treeSize).toBe(12);
  });

  it('should round-trip a cosigner verifier key with type 0x04 and refuse a wrong key hash', () => {
    const vkey = cosignerVerifierKey('firm.x', ed25519.getPublicKey(firm));
    expect(parseVerifierKey(vkey)).toMatchObject({ name: 'firm.x', type: 4 });
    expect(() => parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(NoteError);
  });
});
