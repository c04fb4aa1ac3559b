import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519';
import { verifyEd25519 } from '../verifier/ed25519-verify';

// C2SP signed-note (https://c2sp.org/signed-note) and tlog-cosignature
// (https://c2sp.org/tlog-cosignature), pure: opening a checkpoint note under the regulator's key,
// and making and checking Ed25519 cosignature/v1 lines (key type 0x04).

const NOTE_ED25519 = 0x01;
const COSIGNATURE_V1 = 0x04;
const DASH = '\u2014';
const enc = new TextEncoder();

/** A checkpoint note's body as a witness reads it: origin, size, root (hex), and the exact body text. */
export interface CheckpointBody {
  origin: string;
  treeSize: number;
  rootHash: string;
  /** the body lines, each ending in "\n", as signed */
  text: string;
}

/** One note signature line: `— <name> base64(key hash || signature)`. */
export interface NoteSignatureLine {
  name: string;
  keyHash: Buffer;
  signature: Buffer;
}

/** A cosigner's checked statement: this key signed this checkpoint body at `timestamp` (POSIX seconds). */
export interface Cosignature {
  name: string;
  timestamp: number;
  signature: Buffer;
  line: string;
}

export class NoteError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'bad_signature',
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export function keyHash(name: string, type: number, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([type]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** `<name>+<hex key hash>+<base64(type || key)>`: the vkey form of signed-note. */
export function verifierKey(name: string, type: number, publicKey: Uint8Array): string {
  return `${name}+${keyHash(name, type, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;
}

export function cosignerVerifierKey(name: string, publicKey: Uint8Array): string {
  return verifierKey(name, COSIGNATURE_V1, publicKey);
}

/** Parses a vkey of an Ed25519 note key (type 0x01) or cosigner key (0x04). */
export function parseVerifierKey(vkey: string): { name: string; type: number; publicKey: Buffer } {
  // The base64 key may itself contain '+': the name and hash are the first two fields only.
  const [, name, hash, key] = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim()) ?? [];
  const raw = Buffer.from(key ?? '', 'base64');
  if (!name || raw.length !== 33 || (raw[0] !== NOTE_ED25519 && raw[0] !== COSIGNATURE_V1)) {
    throw new NoteError(
      'malformed',
      `'${vkey}' is not a verifier key <name>+<8 hex>+<base64 of 0x01 or 0x04 and 32 key bytes>`,
    );
  }
  const publicKey = raw.subarray(1);
  if (!keyHash(name, raw[0], publicKey).equals(Buffer.from(hash, 'hex')))
    throw new NoteError('malformed', `verifier key ${name}: the key hash does not match the key`);
  return { name, type: raw[0], publicKey };
}

export function parseSignatureLine(line: string): NoteSignatureLine {
  const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})\n?$/.exec(line);
  const raw = m ? Buffer.from(m[2], 'base64') : Buffer.alloc(0);
  if (!m || raw.length < 5)
    throw new NoteError(
      'malformed',
      `not a note signature line ("${DASH} <name> <base64>"): ${JSON.stringify(line.slice(0, 120))}`,
    );
  // One spelling per signature: base64 whose unused bits are set would be another line saying the same.
  if (raw.toString('base64') !== m[2]) throw new NoteError('malformed', 'the signature is not canonical base64');
  return { name: m[1], keyHash: raw.subarray(0, 4), signature: raw.subarray(4) };
}

/** Splits a note into its body and signature lines (signed-note: body, blank line, signatures). */
export function splitNote(note: string): { body: string; signatures: NoteSignatureLine[]; lines: string[] } {
  const at = note.lastIndexOf('\n\n');
  if (at < 0 || !note.endsWith('\n'))
    throw new NoteError(
      'malformed',
      'a note is its text, a blank line, then signature lines, each ending in a newline',
    );
  const body = note.slice(0, at + 1);
  const lines = note
    .slice(at + 2, -1)
    .split('\n')
    .map((l) => `${l}\n`);
  return { body, lines, signatures: lines.map(parseSignatureLine) };
}

/** The checkpoint lines (origin, size, base64 root); extension lines are kept in `text` but not read. */
export function parseCheckpointBody(text: string): CheckpointBody {
  const [origin, size, root] = text.split('\n');
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (
    !origin ||
    !/^(0|[1-9][0-9]{0,15})$/.test(size ?? '') ||
    rootBytes.length !== 32 ||
    rootBytes.toString('base64') !== root
  ) {
    throw new NoteError(
      'malformed',
      'a checkpoint body is origin, tree size (decimal) and base64 root hash (32 bytes), one a line',
    );
  }
  return { origin, treeSize: Number(size), rootHash: rootBytes.toString('hex'), text };
}

/**
 * Opens a checkpoint note under the log's key (vkey, type 0x01): one line of that name and key hash
 * must verify; lines of other keys (cosignatures) are ignored, as signed-note requires.
 */
export function openCheckpointNote(note: string, logKey: string): CheckpointBody & { note: string } {
  const key = parseVerifierKey(logKey);
  const { body, signatures } = splitNote(note);
  const checkpoint = parseCheckpointBody(body);
  const mine = signatures.filter(
    (s) => s.name === key.name && s.keyHash.equals(keyHash(key.name, key.type, key.publicKey)),
  );
  if (mine.length === 0)
    throw new NoteError('unknown_key', `the note carries no signature by ${key.name} with the pinned key`);
  if (!mine.every((s) => s.signature.length === 64 && verifyEd25519(s.signature, enc.encode(body), key.publicKey))) {
    throw new NoteError('bad_signature', `the signature of ${key.name} does not verify over the checkpoint`);
  }
  return { ...checkpoint, note };
}

/** What a cosignature/v1 signs: the header line, the time line, the checkpoint body. */
export function cosignatureMessage(body: string, timestamp: number): Uint8Array {
  return enc.encode(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/** The cosignature line `— <name> base64(key hash || u64 timestamp || Ed25519 signature)\n`. */
export function signCosignature(
  body: string,
  name: string,
  secretKey: Uint8Array,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const signature = ed25519.sign(cosignatureMessage(body, timestamp), secretKey);
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  return `${DASH} ${name} ${Buffer.concat([keyHash(name, COSIGNATURE_V1, ed25519.getPublicKey(secretKey)), time, signature]).toString('base64')}\n`;
}

/** Whether `line` is a cosignature by `publicKey` under its own name: the key hash says so. */
export function cosignedBy(line: NoteSignatureLine, publicKey: Uint8Array): boolean {
  return line.keyHash.equals(keyHash(line.name, COSIGNATURE_V1, publicKey));
}

/** Checks a cosignature line over `body` under `publicKey`; throws NoteError naming the fault. */
export function verifyCosignature(body: string, line: string, publicKey: Uint8Array): Cosignature {
  const parsed = parseSignatureLine(line);
  if (!cosignedBy(parsed, publicKey))
    throw new NoteError(
      'unknown_key',
      `the cosignature's key hash is not that of ${parsed.name} with the given key (cosignature/v1, type 0x04)`,
    );
  if (parsed.signature.length !== 72)
    throw new NoteError(
      'malformed',
      'a cosignature/v1 signature is an 8-byte timestamp and a 64-byte Ed25519 signature',
    );
  const timestamp = parsed.signature.readBigUInt64BE(0);
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw new NoteError('malformed', 'the cosignature timestamp is out of range');
  const signature = parsed.signature.subarray(8);
  if (!verifyEd25519(signature, cosignatureMessage(body, Number(timestamp)), publicKey))
    throw new NoteError('bad_signature', `the cosignature of ${parsed.name} does not verify over this checkpoint`);
  return { name: parsed.name, timestamp: Number(timestamp), signature, line: line.endsWith('\n') ? line : `${line}\n` };
}
