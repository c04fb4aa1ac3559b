import { ed25519 } from '@noble/curves/ed25519';
import { verifyEd25519 } from '../verifier/ed25519-verify';
import { fromHex, toHex } from '../canonical/byte-encoding';
import { Checkpoint, SignedCheckpoint, checkpointProblems, checkpointSigningBytes } from './checkpoint';

/** Signs with the regulator's 32-byte Ed25519 secret key. One checkpoint a second: @noble's speed is plenty. */
export function signCheckpoint(checkpoint: Checkpoint, secretKey: Uint8Array): SignedCheckpoint {
  const problems = checkpointProblems(checkpoint);
  if (problems.length) throw new TypeError(`invalid checkpoint: ${problems.join('; ')}`);
  return {
    checkpoint,
    signature: toHex(ed25519.sign(checkpointSigningBytes(checkpoint), secretKey)),
    publicKey: toHex(ed25519.getPublicKey(secretKey)),
  };
}

/** null when the checkpoint is signed by `pinnedKey`, else why not. */
export function checkpointSignatureProblem(signed: SignedCheckpoint, pinnedKey: Uint8Array): string | null {
  const problems = checkpointProblems(signed.checkpoint);
  if (problems.length) return `malformed checkpoint: ${problems.join('; ')}`;
  if (signed.publicKey.toLowerCase() !== toHex(pinnedKey)) {
    return `checkpoint is signed by key ${signed.publicKey}, not the pinned regulator key ${toHex(pinnedKey)}`;
  }
  let valid: boolean;
  try {
    valid = verifyEd25519(fromHex(signed.signature), checkpointSigningBytes(signed.checkpoint), pinnedKey);
  } catch (error) {
    return `checkpoint signature is malformed: ${(error as Error).message}`;
  }
  return valid ? null : 'checkpoint signature does not verify under the regulator key';
}
