import { fromHex } from '../canonical/byte-encoding';
import { BlockIdJson } from './cometbft-json';
import { ProtoTimestamp } from './rfc3339-time';
import { ProtoWriter, lengthPrefixed } from './protobuf-writer';

const SIGNED_MSG_TYPE_PRECOMMIT = 2;

export interface PrecommitVote {
  chainId: string;
  height: bigint;
  round: bigint;
  /** The block voted for; null for a nil vote (a precommit for no block). */
  blockId: BlockIdJson | null;
  timestamp: ProtoTimestamp;
}

/**
 * The bytes a validator signed for its precommit (types/vote.go VoteSignBytes): the length-prefixed
 * tendermint.types.CanonicalVote {type = 1, height = 2 sfixed64, round = 3 sfixed64, block_id = 4
 * CanonicalBlockID{hash = 1, part_set_header = 2 {total = 1, hash = 2}}, timestamp = 5, chain_id = 6}.
 * Heights and rounds are fixed-width so the signed bytes' length does not leak or vary with them.
 * A nil vote has no block id: CanonicalizeBlockID yields nil for the zero BlockID, so field 4 is left out.
 */
export function precommitSignBytes(vote: PrecommitVote): Uint8Array {
  const timestamp = new ProtoWriter().varint(1, vote.timestamp.seconds).varint(2, vote.timestamp.nanos).finish();
  const canonicalVote = new ProtoWriter()
    .varint(1, SIGNED_MSG_TYPE_PRECOMMIT)
    .sfixed64(2, vote.height)
    .sfixed64(3, vote.round);
  if (vote.blockId) canonicalVote.message(4, canonicalBlockId(vote.blockId));
  canonicalVote.message(5, timestamp).string(6, vote.chainId); // timestamp is non-nullable
  return lengthPrefixed(canonicalVote.finish());
}

function canonicalBlockId(id: BlockIdJson): Uint8Array {
  const partSetHeader = new ProtoWriter().varint(1, id.parts.total).bytesField(2, fromHex(id.parts.hash)).finish();
  return new ProtoWriter().bytesField(1, fromHex(id.hash)).message(2, partSetHeader).finish();
}
