import { fromHex } from '../canonical/byte-encoding';
import { TreeHasher } from '../canonical/tree-hasher';
import { merkleRoot } from '../merkle/tree-math';
import { BlockIdJson, HeaderJson } from './cometbft-json';
import { ProtoWriter } from './protobuf-writer';
import { parseRfc3339 } from './rfc3339-time';

/**
 * The block hash as CometBFT v0.38 computes it (types/block.go Header.Hash): an RFC 6962 Merkle root
 * over the 14 header fields in declaration order, each proto-encoded on its own. Scalars go through
 * cdcEncode, i.e. wrapped in gogoproto's StringValue/Int64Value/BytesValue (value = field 1), and an
 * empty value encodes to no bytes at all.
 */
export function headerHash(header: HeaderJson, hasher: TreeHasher): Uint8Array {
  const time = parseRfc3339(header.time);
  const fields = [
    new ProtoWriter()
      .varint(1, BigInt(header.version.block))
      .varint(2, BigInt(header.version.app ?? 0))
      .finish(), // version.Consensus
    new ProtoWriter().string(1, header.chain_id).finish(), // StringValue
    new ProtoWriter().varint(1, BigInt(header.height)).finish(), // Int64Value
    new ProtoWriter().varint(1, time.seconds).varint(2, time.nanos).finish(), // google.protobuf.Timestamp
    blockIdProto(header.last_block_id),
    bytesValue(header.last_commit_hash),
    bytesValue(header.data_hash),
    bytesValue(header.validators_hash),
    bytesValue(header.next_validators_hash),
    bytesValue(header.consensus_hash),
    bytesValue(header.app_hash),
    bytesValue(header.last_results_hash),
    bytesValue(header.evidence_hash),
    bytesValue(header.proposer_address),
  ];
  return merkleRoot(
    fields.map((f) => hasher.leaf(f)),
    hasher,
  );
}

/** tendermint.types.BlockID {hash = 1, part_set_header = 2 (non-nullable) {total = 1, hash = 2}}. */
function blockIdProto(id: BlockIdJson): Uint8Array {
  const parts = new ProtoWriter().varint(1, id.parts.total).bytesField(2, fromHex(id.parts.hash)).finish();
  return new ProtoWriter().bytesField(1, fromHex(id.hash)).message(2, parts).finish();
}

/** gogoproto BytesValue {value = 1} around a hash or address. */
function bytesValue(hex: string): Uint8Array {
  return new ProtoWriter().bytesField(1, fromHex(hex)).finish();
}
