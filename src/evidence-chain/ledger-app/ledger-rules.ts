import { canonicalJson } from '../canonical/canonical-json';
import { fromHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { checkpointSignatureProblem } from '../checkpoint/checkpoint-signature';
import { checkpointId, checkpointProblems, ORIGIN_PATTERN } from '../checkpoint/checkpoint';
import { verifyConsistency } from '../merkle/consistency-proof';
import { verifyEd25519 } from '../verifier/ed25519-verify';
import { TX_CODES, TxRefused } from './ledger-errors';
import {
  AnchoredCheckpoint,
  KEY_CHAIN,
  KEY_MEMBERS,
  KEY_REGULATORS,
  latestKey,
  members,
  Overlay,
  proposalKey,
  readJson,
  RegulatorKeys,
  StateView,
} from './ledger-state-keys';
import { applyCosignature } from './cosignature-rule';
import {
  CheckpointTx,
  GovernanceAction,
  governanceSigningBytes,
  GovernanceTx,
  Member,
  MEMBER_ROLES,
  parseLedgerTx,
} from './ledger-tx';

const hasher = treeHasher(nodeSha256);
const HEX32 = /^[0-9a-f]{64}$/;
const MAX_POWER = 1_000_000;

export interface TxContext {
  height: number;
  txHash: string;
  /** the history index a checkpoint accepted now would get */
  nextIndex: number;
}

/** What an accepted tx adds besides its map writes: a checkpoint history leaf. */
export interface TxEffect {
  kind: 'checkpoint' | 'governance' | 'cosignature';
  anchored?: AnchoredCheckpoint;
}

/**
 * The chain's rules, pure: checks `bytes` against the state in `view` and, if accepted, writes its
 * effects into `view`. Throws TxRefused (code + reason) and writes nothing otherwise. The same
 * function serves CheckTx, PrepareProposal, ProcessProposal and FinalizeBlock, so they agree.
 */
export function applyTx(view: Overlay, bytes: Uint8Array, ctx: TxContext): TxEffect {
  const parsed = parseLedgerTx(bytes);
  if (!parsed.ok) throw new TxRefused(TX_CODES.notLedgerTx, parsed.reason);
  const scratch = new Overlay(view);
  const tx = parsed.tx;
  const effect =
    tx.type === 'checkpoint'
      ? applyCheckpoint(scratch, tx, ctx)
      : tx.type === 'governance'
        ? applyGovernance(scratch, tx, ctx)
        : applyCosignature(scratch, tx, ctx);
  for (const [key, value] of scratch.writes) view.set(key, value);
  return effect;
}

function applyCheckpoint(view: Overlay, tx: CheckpointTx, ctx: TxContext): TxEffect {
  const { signed, consistency } = tx;
  const c = signed.checkpoint;
  const problems = checkpointProblems(c);
  if (problems.length)
    throw new TxRefused(TX_CODES.malformedCheckpoint, `malformed checkpoint: ${problems.join('; ')}`);
  const regulators = readJson<RegulatorKeys>(view, KEY_REGULATORS) ?? {};
  const keys = regulators[c.origin] ?? regulators['*'] ?? [];
  const publicKey = typeof signed.publicKey === 'string' ? signed.publicKey.toLowerCase() : '';
  if (!keys.includes(publicKey))
    throw new TxRefused(
      TX_CODES.wrongRegulatorKey,
      `checkpoint of ${c.origin} is signed by ${publicKey || 'no key'}, not a current regulator key of that origin`,
    );
  const signatureProblem = checkpointSignatureProblem(signed, fromHex(publicKey));
  if (signatureProblem) throw new TxRefused(TX_CODES.wrongRegulatorKey, signatureProblem);

  const latest = readJson<AnchoredCheckpoint>(view, latestKey(c.origin));
  const latestSize = latest?.signed.checkpoint.treeSize ?? 0;
  if (latest) {
    const prev = latest.signed.checkpoint;
    if (c.treeSize < prev.treeSize)
      throw new TxRefused(
        TX_CODES.notExtending,
        `tree size ${c.treeSize} is smaller than the chain's latest checkpoint ${prev.treeSize} of ${c.origin}`,
      );
    if (c.treeSize === prev.treeSize) {
      throw new TxRefused(
        TX_CODES.notExtending,
        c.rootHash === prev.rootHash
          ? `checkpoint ${c.treeSize} of ${c.origin} is already anchored`
          : `a different root at size ${c.treeSize}: the log of ${c.origin} was rewritten`,
      );
    }
    if (c.previous !== latest.checkpointId)
      throw new TxRefused(
        TX_CODES.brokenChain,
        `previous ${c.previous} is not the chain's latest checkpoint ${latest.checkpointId} of ${c.origin}`,
      );
  }
  if (consistency.fromSize !== latestSize) {
    throw new TxRefused(
      TX_CODES.staleProofBase,
      `consistency proof starts at size ${consistency.fromSize}, but the chain's latest checkpoint of ${c.origin} has size ${latestSize}`,
    );
  }
  if (latest) {
    const check = verifyConsistency(
      hasher,
      latestSize,
      c.treeSize,
      fromHex(latest.signed.checkpoint.rootHash),
      fromHex(c.rootHash),
      consistency.proof.map(fromHex),
    );
    if (!check.ok)
      throw new TxRefused(
        TX_CODES.inconsistent,
        `log of ${c.origin} at ${c.treeSize} does not extend the anchored ${latestSize}: ${check.reason}`,
      );
  } else if (consistency.proof.length !== 0) {
    throw new TxRefused(
      TX_CODES.inconsistent,
      `first checkpoint of ${c.origin} carries a consistency proof; it must be empty`,
    );
  }
  const anchored: AnchoredCheckpoint = {
    signed,
    checkpointId: checkpointId(signed, nodeSha256),
    height: ctx.height,
    txHash: ctx.txHash,
    index: ctx.nextIndex,
  };
  view.set(latestKey(c.origin), canonicalJson(anchored));
  return { kind: 'checkpoint', anchored };
}

function applyGovernance(view: Overlay, tx: GovernanceTx, ctx: TxContext): TxEffect {
  const { proposal } = tx;
  if (view.get(proposalKey(proposal.id)) !== undefined)
    throw new TxRefused(TX_CODES.replayed, `proposal ${proposal.id} was already applied`);
  if (ctx.height > proposal.expiresAtHeight)
    throw new TxRefused(
      TX_CODES.expired,
      `proposal ${proposal.id} expired at height ${proposal.expiresAtHeight} (now ${ctx.height})`,
    );

  const current = members(view);
  const chainId = readJson<{ chainId: string }>(view, KEY_CHAIN)?.chainId ?? '';
  const message = governanceSigningBytes(chainId, proposal);
  const total = current.reduce((sum, m) => sum + m.power, 0);
  let signedPower = 0;
  const seen = new Set<string>();
  for (const { memberId, signature } of tx.signatures) {
    if (seen.has(memberId)) throw new TxRefused(TX_CODES.badSignature, `member ${memberId} signed twice`);
    seen.add(memberId);
    const member = current.find((m) => m.id === memberId);
    if (!member) throw new TxRefused(TX_CODES.badSignature, `signer ${memberId} is not a member`);
    if (!verifyEd25519(fromHex(signature), message, fromHex(member.operatorKey))) {
      throw new TxRefused(
        TX_CODES.badSignature,
        `signature of ${memberId} does not verify over proposal ${proposal.id}`,
      );
    }
    signedPower += member.power;
  }
  // More than 2/3, in integers: exactly 2/3 is not enough.
  if (3 * signedPower <= 2 * total) {
    throw new TxRefused(
      TX_CODES.notEnoughPower,
      `proposal ${proposal.id} is signed by ${signedPower} of ${total} voting power; more than 2/3 is needed`,
    );
  }

  const next = applyAction(view, current, proposal.action);
  if (next.reduce((sum, m) => sum + m.power, 0) <= 0)
    throw new TxRefused(TX_CODES.malformedProposal, 'the proposal would leave no voting power');
  view.set(KEY_MEMBERS, canonicalJson(next.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))));
  view.set(proposalKey(proposal.id), canonicalJson({ height: ctx.height, action: proposal.action.kind }));
  return { kind: 'governance' };
}

function applyAction(view: Overlay, current: Member[], action: GovernanceAction): Member[] {
  const refuse = (why: string) => new TxRefused(TX_CODES.malformedProposal, why);
  switch (action.kind) {
    case 'add-member': {
      const problems = memberProblems(action.member);
      if (problems.length) throw refuse(`add-member: ${problems.join('; ')}`);
      if (current.some((m) => m.id === action.member.id)) throw refuse(`member ${action.member.id} already exists`);
      if (action.member.validatorKey && current.some((m) => m.validatorKey === action.member.validatorKey))
        throw refuse('that validator key already belongs to a member');
      return [...current, action.member];
    }
    case 'remove-member': {
      if (!current.some((m) => m.id === action.memberId)) throw refuse(`no member ${action.memberId}`);
      return current.filter((m) => m.id !== action.memberId);
    }
    case 'set-power': {
      const member = current.find((m) => m.id === action.memberId);
      if (!member) throw refuse(`no member ${action.memberId}`);
      if (!Number.isSafeInteger(action.power) || action.power < 0 || action.power > MAX_POWER)
        throw refuse(`power must be an integer 0..${MAX_POWER}`);
      if (member.validatorKey === null && action.power > 0)
        throw refuse(`member ${action.memberId} has no validator key`);
      return current.map((m) => (m.id === action.memberId ? { ...m, power: action.power } : m));
    }
    case 'rotate-regulator-key': {
      if (action.origin !== '*' && !ORIGIN_PATTERN.test(action.origin))
        throw refuse(`origin '${action.origin}' must match ${ORIGIN_PATTERN} or be '*'`);
      if (!HEX32.test(action.publicKey)) throw refuse('publicKey must be 64 lower-case hex characters');
      const regulators = readJson<RegulatorKeys>(view, KEY_REGULATORS) ?? {};
      let keys = [...(regulators[action.origin] ?? [])];
      if (action.retire !== null) {
        if (!keys.includes(action.retire))
          throw refuse(`key ${action.retire} is not a current key of ${action.origin}`);
        keys = keys.filter((k) => k !== action.retire);
      }
      if (!keys.includes(action.publicKey)) keys.push(action.publicKey);
      view.set(KEY_REGULATORS, canonicalJson({ ...regulators, [action.origin]: keys }));
      return current;
    }
    default:
      throw refuse(`unknown governance action '${(action as { kind: string }).kind}'`);
  }
}

/** Shape problems of a member, empty when well-formed. */
export function memberProblems(m: Member): string[] {
  const problems: string[] = [];
  if (typeof m !== 'object' || m === null) return ['member must be an object'];
  if (typeof m.id !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(m.id))
    problems.push('id must be 1-64 of A-Z a-z 0-9 . _ -');
  if (!(MEMBER_ROLES as readonly string[]).includes(m.role))
    problems.push(`role must be one of ${MEMBER_ROLES.join(', ')}`);
  if (typeof m.operatorKey !== 'string' || !HEX32.test(m.operatorKey))
    problems.push('operatorKey must be 64 lower-case hex characters');
  if (m.validatorKey !== null && (typeof m.validatorKey !== 'string' || !HEX32.test(m.validatorKey)))
    problems.push('validatorKey must be null or 64 lower-case hex characters');
  if (!Number.isSafeInteger(m.power) || m.power < 0 || m.power > MAX_POWER)
    problems.push(`power must be an integer 0..${MAX_POWER}`);
  if (m.validatorKey === null && m.power > 0) problems.push('a member without a validator key has power 0');
  return problems;
}

export type { StateView };
