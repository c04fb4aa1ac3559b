import { fromBase64, toHex } from '../canonical/byte-encoding';
import { CommitSigJson, BlockIdJson, HeaderJson } from '../verifier/cometbft-json';
import { CometAnchor } from '../verifier/receipt';
import { CometRpcClient } from './cometbft-rpc';
import { ValidatorHandovers } from './validator-handovers';

/** The anchor cannot be built yet: the tx is not in a block, or that block's commit is not canonical yet. */
export class AnchorNotReady extends Error {
  override readonly name = 'AnchorNotReady';
}

interface CommitResult {
  signed_header: {
    header: HeaderJson;
    commit: { height: string; round: number; block_id: BlockIdJson; signatures: CommitSigJson[] };
  };
  canonical: boolean;
}

/**
 * Collects the `anchor` part of a receipt for a committed tx: its Merkle proof against data_hash
 * (/tx?prove=true), the signed header of its block (/commit) and, when the validator set changed
 * since genesis, the hand-overs that lead a verifier from the genesis set to the block's. Only the canonical commit (stored
 * with block H+1) is taken: the "seen" commit a node returns before then may differ from node to node.
 */
export async function buildCometAnchor(rpc: CometRpcClient, txHashHex: string): Promise<CometAnchor> {
  const tx = await rpc.tx(txHashHex, true);
  if (!tx) throw new AnchorNotReady(`tx ${txHashHex} is not committed yet`);
  if (tx.code !== 0)
    throw new Error(`tx ${txHashHex} was committed at height ${tx.height} but the app rejected it (code ${tx.code})`);
  if (!tx.proof) throw new Error(`the RPC returned no proof for tx ${txHashHex}`);

  const result = await rpc.raw<CommitResult>('commit', { height: String(tx.height) });
  if (!result.canonical)
    throw new AnchorNotReady(`the commit of height ${tx.height} is not canonical until block ${tx.height + 1} exists`);
  const { header, commit } = result.signed_header;
  const handover = await handoversOf(rpc).upTo(header);

  return {
    ledger: 'cometbft',
    chainId: header.chain_id,
    height: tx.height,
    txHash: tx.hash.toUpperCase(),
    tx: tx.txBase64,
    txIndex: Number(tx.proof.proof.index),
    txTotal: Number(tx.proof.proof.total),
    txAunts: (tx.proof.proof.aunts ?? []).map((a) => toHex(fromBase64(a))),
    header,
    commit: { round: commit.round, blockId: commit.block_id, signatures: commit.signatures },
    validatorSetHash: header.validators_hash,
    ...(handover.length > 0 && { handover }),
  };
}

// One hand-over cache per client: the ledger keeps its client for the life of the process.
const handoverCaches = new WeakMap<CometRpcClient, ValidatorHandovers>();

function handoversOf(rpc: CometRpcClient): ValidatorHandovers {
  let cache = handoverCaches.get(rpc);
  if (!cache) handoverCaches.set(rpc, (cache = new ValidatorHandovers(rpc)));
  return cache;
}
