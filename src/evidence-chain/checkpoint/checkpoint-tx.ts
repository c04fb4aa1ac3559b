import { canonicalBytes } from '../canonical/canonical-json';
import { fromBase64Url, toBase64Url, toHex } from '../canonical/byte-encoding';
import { encodeLedgerTx, parseLedgerTx, TX_MAGIC } from '../ledger-app/ledger-tx';
import { SignedCheckpoint } from './checkpoint';

/**
 * The chain's checkpoint transaction (ledger-app/ledger-tx.ts): the signed checkpoint and the
 * RFC 6962 consistency proof from the chain's latest checkpoint of its origin (`fromSize` 0 and no
 * proof for an origin's first checkpoint).
 */
export function encodeCheckpointTx(
  signed: SignedCheckpoint,
  consistency: { fromSize: number; proof: readonly Uint8Array[] } = { fromSize: 0, proof: [] },
): Uint8Array {
  return encodeLedgerTx({
    type: 'checkpoint',
    signed,
    consistency: { fromSize: consistency.fromSize, proof: consistency.proof.map(toHex) },
  });
}

// Checkpoints anchored before the chain had its own application were CometBFT kvstore txs:
// `ckpt.<origin>.<treeSize>=<signed checkpoint JCS, unpadded base64url>`. Their receipts must keep
// verifying, so they are still read.
const KEY_PREFIX = 'ckpt.';

/** Kept for tests and tools that read old receipts: the pre-ledger-app kvstore form. */
export function encodeLegacyCheckpointTx(signed: SignedCheckpoint): Uint8Array {
  const { origin, treeSize } = signed.checkpoint;
  return new TextEncoder().encode(`${KEY_PREFIX}${origin}.${treeSize}=${toBase64Url(canonicalBytes(signed))}`);
}

export type ParsedCheckpointTx = { ok: true; signed: SignedCheckpoint } | { ok: false; reason: string };

/** Reads an anchored tx back, in the ledger-app form or the old kvstore form. */
export function parseCheckpointTx(tx: Uint8Array): ParsedCheckpointTx {
  if (tx.length >= TX_MAGIC.length && tx[0] === TX_MAGIC[0] && tx[1] === TX_MAGIC[1]) {
    const parsed = parseLedgerTx(tx);
    if (!parsed.ok) return parsed;
    if (parsed.tx.type !== 'checkpoint')
      return { ok: false, reason: `tx is a ${parsed.tx.type} transaction, not a checkpoint` };
    return { ok: true, signed: parsed.tx.signed };
  }
  return parseLegacyCheckpointTx(tx);
}

function parseLegacyCheckpointTx(tx: Uint8Array): ParsedCheckpointTx {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(tx);
  } catch {
    return { ok: false, reason: 'tx is not UTF-8 text' };
  }
  const parts = text.split('=');
  if (parts.length !== 2 || text.includes(':'))
    return { ok: false, reason: "tx is neither a ledger tx nor a kvstore `key=value` with exactly one '=' and no ':'" };
  const [key, value] = parts;
  if (!key.startsWith(KEY_PREFIX))
    return { ok: false, reason: `tx key '${key.slice(0, 40)}' is not a checkpoint key (${KEY_PREFIX}...)` };

  let signed: SignedCheckpoint;
  try {
    signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(value))) as SignedCheckpoint;
  } catch (error) {
    return { ok: false, reason: `tx value is not base64url JSON: ${(error as Error).message}` };
  }
  if (
    typeof signed !== 'object' ||
    signed === null ||
    typeof signed.checkpoint !== 'object' ||
    signed.checkpoint === null
  ) {
    return { ok: false, reason: 'tx value is not a signed checkpoint' };
  }
  const expectedKey = `${KEY_PREFIX}${signed.checkpoint.origin}.${signed.checkpoint.treeSize}`;
  if (key !== expectedKey)
    return { ok: false, reason: `tx key '${key}' does not match its checkpoint (${expectedKey})` };
  return { ok: true, signed };
}
