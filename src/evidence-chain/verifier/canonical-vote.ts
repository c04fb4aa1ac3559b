import { fromHex } from '../canonical/byte-encoding';
import { BlockIdJson } from './cometbft-json';
import { ProtoTimestamp } from './rfc3339-time';
import { ProtoWriter, lengthPrefixed } from './protobuf-writer';

const SIGNED_MSG_TYPE_PRECOMMIT = 2;

export interface PrecommitVote {
  chainId: string;
  height: bigint;
  round: bigint;
  blockId: BlockIdJson;
  timestamp: ProtoTimestamp;
}

/**
 * The bytes a validator signed for its precommit (types/vote.go VoteSignBytes): the length-prefixed
 * tendermint.types.CanonicalVote {type = 1, height = 2 sfixed64, round = 3 sfixed64, block_id = 4
 * CanonicalBlockID{hash = 1, part_set_header = 2 {total = 1, hash = 2}}, timestamp = 5, chain_id = 6}.
 * Heights and rounds are fixed-width so the signed bytes' length does not leak or vary with them.
 */
export function precommitSignBytes(vote: PrecommitVote): Uint8Array {
  const partSetHeader = new ProtoWriter().varint(1, vote.blockId.parts.total).bytesField(2, fromHex(vote.blockId.parts.hash)).finish();
  const blockId = new ProtoWriter().bytesField(1, fromHex(vote.blockId.hash)).message(2, partSetHeader).finish();
  const timestamp = new ProtoWriter().varint(1, vote.timestamp.seconds).varint(2, vote.timestamp.nanos).finish();
  const canonicalVote = new ProtoWriter()
    .varint(1, SIGNED_MSG_TYPE_PRECOMMIT)
    .sfixed64(2, vote.height)
    .sfixed64(3, vote.round)
    .message(4, blockId) // a COMMIT signature always names the block, so block_id is present
    .message(5, timestamp) // non-nullable
    .string(6, vote.chainId)
    .finish();
  return lengthPrefixed(canonicalVote);
}
