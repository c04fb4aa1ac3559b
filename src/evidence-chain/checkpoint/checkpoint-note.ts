import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { Checkpoint } from './checkpoint';

// C2SP signed-note (https://c2sp.org/signed-note) carrying a C2SP tlog-checkpoint
// (https://c2sp.org/tlog-checkpoint): the same log state as our JSON checkpoint, in the form
// transparency-log tooling (Go's golang.org/x/mod/sumdb/note, witnesses) already reads.

const ED25519_ALG = 0x01;

/** The checkpoint body: origin, tree size and base64 root, one a line. */
export function checkpointNoteBody(checkpoint: Pick<Checkpoint, 'origin' | 'treeSize' | 'rootHash'>): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${Buffer.from(checkpoint.rootHash, 'hex').toString('base64')}\n`;
}

/** The 4-byte key hash: SHA-256(name || "\n" || 0x01 || public key)[0:4]. */
export function noteKeyHash(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ED25519_ALG]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** The verifier key a note client pins: `<name>+<hex key hash>+<base64(0x01 || key)>`. */
export function noteVerifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${noteKeyHash(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ED25519_ALG]), publicKey]).toString('base64')}`;
}

/** The signed note: the body, a blank line, and `— <name> base64(key hash || Ed25519 signature of the body)`. */
export function signCheckpointNote(
  checkpoint: Pick<Checkpoint, 'origin' | 'treeSize' | 'rootHash'>,
  secretKey: Uint8Array,
  keyName = checkpoint.origin,
): string {
  const body = checkpointNoteBody(checkpoint);
  const signature = ed25519.sign(new TextEncoder().encode(body), secretKey);
  const publicKey = ed25519.getPublicKey(secretKey);
  return `${body}\n\u2014 ${keyName} ${Buffer.concat([noteKeyHash(keyName, publicKey), signature]).toString('base64')}\n`;
}
