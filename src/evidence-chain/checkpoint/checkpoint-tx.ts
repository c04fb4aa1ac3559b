import { canonicalBytes } from '../canonical/canonical-json';
import { fromBase64Url, toBase64Url } from '../canonical/byte-encoding';
import { SignedCheckpoint } from './checkpoint';

// CometBFT's kvstore (v0.38 abci/example/kvstore, CheckTx/isValidTx) accepts `key=value` with exactly
// one '=' and no ':' (or `key:value`, which PrepareProposal rewrites to '=' - changing the tx hash
// we would have recorded), never starting or ending with the separator; `val=` is a validator
// update. So: key `ckpt.<origin>.<treeSize>` (origin has no ':' or '='), value the signed
// checkpoint's JCS bytes in unpadded base64url (no '=', '+', '/').
const KEY_PREFIX = 'ckpt.';

export function encodeCheckpointTx(signed: SignedCheckpoint): Uint8Array {
  const { origin, treeSize } = signed.checkpoint;
  return new TextEncoder().encode(`${KEY_PREFIX}${origin}.${treeSize}=${toBase64Url(canonicalBytes(signed))}`);
}

export type ParsedCheckpointTx = { ok: true; signed: SignedCheckpoint } | { ok: false; reason: string };

/** Reads an anchored tx back; the key must agree with the checkpoint it carries. */
export function parseCheckpointTx(tx: Uint8Array): ParsedCheckpointTx {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(tx);
  } catch {
    return { ok: false, reason: 'tx is not UTF-8 text' };
  }
  const parts = text.split('=');
  if (parts.length !== 2 || text.includes(':')) return { ok: false, reason: "tx is not a kvstore `key=value` with exactly one '=' and no ':'" };
  const [key, value] = parts;
  if (!key.startsWith(KEY_PREFIX)) return { ok: false, reason: `tx key '${key.slice(0, 40)}' is not a checkpoint key (${KEY_PREFIX}...)` };

  let signed: SignedCheckpoint;
  try {
    signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(value))) as SignedCheckpoint;
  } catch (error) {
    return { ok: false, reason: `tx value is not base64url JSON: ${(error as Error).message}` };
  }
  if (typeof signed !== 'object' || signed === null || typeof signed.checkpoint !== 'object' || signed.checkpoint === null) {
    return { ok: false, reason: 'tx value is not a signed checkpoint' };
  }
  const expectedKey = `${KEY_PREFIX}${signed.checkpoint.origin}.${signed.checkpoint.treeSize}`;
  if (key !== expectedKey) return { ok: false, reason: `tx key '${key}' does not match its checkpoint (${expectedKey})` };
  return { ok: true, signed };
}
