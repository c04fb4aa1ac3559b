import { ed25519 } from '@noble/curves/ed25519';
import { toHex } from '../canonical/byte-encoding';
import { encodeLedgerTx, governanceSigningBytes, Proposal } from './ledger-tx';

/** One member's operator signature over a proposal (collected off-chain, then submitted together). */
export function signProposal(
  chainId: string,
  proposal: Proposal,
  memberId: string,
  operatorSecret: Uint8Array,
): { memberId: string; signature: string } {
  return { memberId, signature: toHex(ed25519.sign(governanceSigningBytes(chainId, proposal), operatorSecret)) };
}

/** The governance tx: the proposal with every signature gathered for it. */
export function governanceTx(
  proposal: Proposal,
  signatures: Array<{ memberId: string; signature: string }>,
): Uint8Array {
  return encodeLedgerTx({ type: 'governance', proposal, signatures });
}
