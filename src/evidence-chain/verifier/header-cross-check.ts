import { bytesEqual, fromHex, toHex } from '../canonical/byte-encoding';
import { HeaderJson } from './cometbft-json';
import { headerHash } from './header-hash';
import { CometAnchor } from './receipt';
import { nobleHasher } from './verify-steps';

/**
 * 8. Asks a validator's RPC for the commit at the anchor height and compares block ids: a second,
 * live opinion on top of the offline proof. Any validator will do - each holds the whole chain.
 */
export async function crossCheckHeader(anchor: CometAnchor, rpcUrl: string, timeoutMs = 5000): Promise<string | null> {
  let result: { signed_header?: { header: HeaderJson; commit: { block_id: { hash: string } } } };
  try {
    const response = await fetch(`${rpcUrl.replace(/\/$/, '')}/commit?height=${anchor.height}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { result?: typeof result; error?: { message?: string; data?: string } };
    if (body.error || !body.result)
      return `${rpcUrl}: ${body.error?.message ?? `HTTP ${response.status}`} ${body.error?.data ?? ''}`.trim();
    result = body.result;
  } catch (error) {
    return `${rpcUrl}: ${(error as Error).message}`;
  }
  const remote = result.signed_header;
  if (!remote) return `${rpcUrl}: no signed header at height ${anchor.height}`;
  if (!bytesEqual(fromHex(remote.commit.block_id.hash), fromHex(anchor.commit.blockId.hash))) {
    return `${rpcUrl} has block ${remote.commit.block_id.hash} at height ${anchor.height}, the receipt ${anchor.commit.blockId.hash}`;
  }
  const remoteHash = headerHash(remote.header, nobleHasher);
  return bytesEqual(remoteHash, fromHex(anchor.commit.blockId.hash))
    ? null
    : `${rpcUrl} returned a header hashing to ${toHex(remoteHash)}, not its own block id`;
}
