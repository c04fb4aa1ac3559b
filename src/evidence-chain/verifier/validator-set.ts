import { bytesEqual, fromBase64, fromHex, toHex } from '../canonical/byte-encoding';
import { TreeHasher } from '../canonical/tree-hasher';
import { merkleRoot } from '../merkle/tree-math';
import { GenesisJson, GenesisValidatorJson } from './cometbft-json';
import { ProtoWriter } from './protobuf-writer';

export interface PinnedValidator {
  address: string; // upper-case hex, 20 bytes: SHA-256(pubkey)[:20]
  publicKey: Uint8Array; // Ed25519, 32 bytes
  power: bigint;
}

/** The validator set an outsider trusts: taken from the published genesis, never from the receipt. */
export interface PinnedValidatorSet {
  chainId: string;
  validators: PinnedValidator[]; // in CometBFT's order: power descending, then address ascending
  totalPower: bigint;
}

const ED25519_TYPE = 'tendermint/PubKeyEd25519';

export function validatorSetFromGenesis(genesis: GenesisJson, hasher: TreeHasher): PinnedValidatorSet {
  if (typeof genesis?.chain_id !== 'string' || !Array.isArray(genesis.validators) || genesis.validators.length === 0) {
    throw new TypeError('genesis must have a chain_id and a non-empty validators list');
  }
  return validatorSetFromList(genesis.chain_id, genesis.validators, hasher, 'genesis validator');
}

/**
 * A validator set from its JSON list (genesis, or a receipt's hand-over), in CometBFT's order.
 * `what` names the list in errors, e.g. "genesis validator" or "hand-over 2 validator".
 */
export function validatorSetFromList(
  chainId: string,
  list: GenesisValidatorJson[],
  hasher: TreeHasher,
  what: string,
): PinnedValidatorSet {
  if (!Array.isArray(list) || list.length === 0) throw new TypeError(`the ${what} list is empty`);
  const validators = list.map((v, i) => {
    if (v.pub_key?.type !== ED25519_TYPE)
      throw new TypeError(`${what} ${i} has key type ${v.pub_key?.type}, only ${ED25519_TYPE} is supported`);
    const publicKey = fromBase64(v.pub_key.value);
    if (publicKey.length !== 32) throw new TypeError(`${what} ${i} has a ${publicKey.length}-byte Ed25519 key`);
    const address = toHex(hasher.sha256(publicKey).slice(0, 20)).toUpperCase();
    if (v.address && !bytesEqual(fromHex(v.address), fromHex(address))) {
      throw new TypeError(`${what} ${i} claims address ${v.address} but its key gives ${address}`);
    }
    const power = BigInt(v.power);
    if (power <= 0n) throw new TypeError(`${what} ${i} has voting power ${v.power}`);
    return { address, publicKey, power };
  });
  if (new Set(validators.map((v) => v.address)).size !== validators.length)
    throw new TypeError(`the ${what} list names a validator twice`);
  // ValidatorsByVotingPower: the order the set is hashed in, and the order of a commit's slots.
  validators.sort((a, b) =>
    a.power !== b.power ? (a.power > b.power ? -1 : 1) : a.address < b.address ? -1 : a.address > b.address ? 1 : 0,
  );
  return { chainId, validators, totalPower: validators.reduce((sum, v) => sum + v.power, 0n) };
}

/**
 * ValidatorSet.Hash(): RFC 6962 root over each validator's SimpleValidator
 * {pub_key = 1 tendermint.crypto.PublicKey{ed25519 = 1}, voting_power = 2}.
 */
export function validatorSetHash(set: PinnedValidatorSet, hasher: TreeHasher): Uint8Array {
  const leaves = set.validators.map((v) => {
    const publicKey = new ProtoWriter().bytesField(1, v.publicKey).finish();
    return hasher.leaf(new ProtoWriter().message(1, publicKey).varint(2, v.power).finish());
  });
  return merkleRoot(leaves, hasher);
}
