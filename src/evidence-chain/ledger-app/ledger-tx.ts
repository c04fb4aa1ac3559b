import { canonicalBytes } from '../canonical/canonical-json';
import { bytesEqual } from '../canonical/byte-encoding';
import { SignedCheckpoint } from '../checkpoint/checkpoint';

// 监管链交易 (ledger transaction): a magic line naming the format version, then the body's JCS
// (RFC 8785) bytes. Parsing re-encodes the body and demands the very same bytes, so a tx has one
// spelling and its hash identifies it. Anything else (kvstore `key=value`, `val=...`) is refused.
export const TX_MAGIC = new TextEncoder().encode('risk-ledger/tx/v1\n');

/** 机构角色: the bureau runs the chain; firms may validate; auditors only read and vote if given power. */
export const MEMBER_ROLES = ['bureau', 'validator-firm', 'auditor'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** 联盟成员 (alliance member): an institution with its operator key and, if it validates, its node key. */
export interface Member {
  id: string;
  role: MemberRole;
  /** hex Ed25519 public key that signs governance proposals */
  operatorKey: string;
  /** hex Ed25519 public key of its CometBFT validator (priv_validator_key.json), null if it does not validate */
  validatorKey: string | null;
  /** voting power: the validator's power in consensus, and its weight in governance */
  power: number;
}

export type GovernanceAction =
  | { kind: 'add-member'; member: Member }
  | { kind: 'remove-member'; memberId: string }
  | { kind: 'set-power'; memberId: string; power: number }
  /** 轮换监管签名密钥: adds `publicKey` for `origin`, and retires `retire` if given */
  | { kind: 'rotate-regulator-key'; origin: string; publicKey: string; retire: string | null };

/** 治理提案: applies once, at a height before `expiresAtHeight`, with > 2/3 of the power signing. */
export interface Proposal {
  id: string;
  expiresAtHeight: number;
  action: GovernanceAction;
}

export interface CheckpointTx {
  type: 'checkpoint';
  signed: SignedCheckpoint;
  /** RFC 6962 consistency proof from the chain's latest checkpoint of the origin (size 0: none yet) */
  consistency: { fromSize: number; proof: string[] };
}

export interface GovernanceTx {
  type: 'governance';
  proposal: Proposal;
  /** every signer in one tx: members' operator signatures over governanceSigningBytes */
  signatures: Array<{ memberId: string; signature: string }>;
}

/**
 * 见证签名交易: a C2SP cosignature/v1 on a checkpoint the chain accepted. The chain does not know
 * firms' keys: it checks the signature under the key the tx carries, and that the checkpoint is
 * in its own history (the anchored entry and its inclusion proof in the history tree).
 */
export interface CosignatureTx {
  type: 'cosignature';
  /** the history leaf: the AnchoredCheckpoint's JCS text, as /checkpoint/at/<size> returns it */
  anchored: string;
  /** RFC 6962 inclusion of that leaf in the history tree of `size` (at most the committed size) */
  history: { index: number; size: number; path: string[] };
  /** the cosigner's note key name and Ed25519 public key (hex) */
  cosigner: { name: string; publicKey: string };
  /** POSIX seconds, as in the cosignature */
  timestamp: number;
  /** hex Ed25519 signature over "cosignature/v1\ntime <timestamp>\n" + the checkpoint note body */
  signature: string;
}

export type LedgerTx = CheckpointTx | GovernanceTx | CosignatureTx;

export type ParsedLedgerTx = { ok: true; tx: LedgerTx } | { ok: false; reason: string };

export function encodeLedgerTx(tx: LedgerTx): Uint8Array {
  const body = canonicalBytes(tx);
  const out = new Uint8Array(TX_MAGIC.length + body.length);
  out.set(TX_MAGIC);
  out.set(body, TX_MAGIC.length);
  return out;
}

/** Envelope and canonical form only; the rules (signatures, proofs, power) are checked by ledger-rules. */
export function parseLedgerTx(bytes: Uint8Array): ParsedLedgerTx {
  if (bytes.length < TX_MAGIC.length || !bytesEqual(bytes.subarray(0, TX_MAGIC.length), TX_MAGIC)) {
    return { ok: false, reason: 'not a ledger transaction: it must start with "risk-ledger/tx/v1\\n"' };
  }
  const body = bytes.subarray(TX_MAGIC.length);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (error) {
    return { ok: false, reason: `tx body is not UTF-8 JSON: ${(error as Error).message}` };
  }
  if (!bytesEqual(canonicalBytes(parsed), body)) return { ok: false, reason: 'tx body is not in canonical (JCS) form' };
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { ok: false, reason: 'tx body is not an object' };
  const type = (parsed as { type?: unknown }).type;
  const fields = Object.keys(parsed).sort().join(',');
  const expected =
    type === 'checkpoint'
      ? 'consistency,signed,type'
      : type === 'governance'
        ? 'proposal,signatures,type'
        : type === 'cosignature'
          ? 'anchored,cosigner,history,signature,timestamp,type'
          : null;
  if (expected !== null && fields !== expected)
    return { ok: false, reason: `a ${type} tx has exactly the fields ${expected}, got ${fields}` };
  if (type === 'checkpoint') {
    const t = parsed as CheckpointTx;
    if (!isObject(t.signed) || !isObject(t.signed.checkpoint))
      return { ok: false, reason: 'checkpoint tx has no signed checkpoint' };
    const c = t.consistency;
    if (
      !isObject(c) ||
      !Number.isSafeInteger(c.fromSize) ||
      c.fromSize < 0 ||
      !Array.isArray(c.proof) ||
      c.proof.some((h) => typeof h !== 'string' || !/^[0-9a-f]{64}$/.test(h))
    ) {
      return { ok: false, reason: 'checkpoint tx needs consistency {fromSize, proof: [64 hex]}' };
    }
    return { ok: true, tx: t };
  }
  if (type === 'governance') {
    const t = parsed as GovernanceTx;
    const p = t.proposal;
    if (!isObject(p) || typeof p.id !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(p.id))
      return { ok: false, reason: 'governance tx needs proposal.id (1-128 of A-Z a-z 0-9 . _ : -)' };
    if (!Number.isSafeInteger(p.expiresAtHeight) || p.expiresAtHeight < 1)
      return { ok: false, reason: 'proposal.expiresAtHeight must be a positive integer' };
    if (!isObject(p.action) || typeof p.action.kind !== 'string')
      return { ok: false, reason: 'proposal.action.kind is missing' };
    if (
      !Array.isArray(t.signatures) ||
      t.signatures.some(
        (s) =>
          !isObject(s) ||
          typeof s.memberId !== 'string' ||
          typeof s.signature !== 'string' ||
          !/^[0-9a-f]{128}$/.test(s.signature),
      )
    ) {
      return { ok: false, reason: 'governance tx needs signatures [{memberId, signature: 128 hex}]' };
    }
    return { ok: true, tx: t };
  }
  if (type === 'cosignature') {
    const t = parsed as CosignatureTx;
    const h = t.history;
    if (typeof t.anchored !== 'string')
      return { ok: false, reason: 'cosignature tx needs anchored (the history leaf text)' };
    if (
      !isObject(h) ||
      !Number.isSafeInteger(h.index) ||
      !Number.isSafeInteger(h.size) ||
      h.index < 0 ||
      h.index >= h.size ||
      !Array.isArray(h.path) ||
      h.path.some((p) => typeof p !== 'string' || !/^[0-9a-f]{64}$/.test(p))
    ) {
      return { ok: false, reason: 'cosignature tx needs history {index, size, path: [64 hex]} with index < size' };
    }
    if (
      !isObject(t.cosigner) ||
      typeof t.cosigner.name !== 'string' ||
      !/^[^\s+]{1,200}$/.test(t.cosigner.name) ||
      typeof t.cosigner.publicKey !== 'string' ||
      !/^[0-9a-f]{64}$/.test(t.cosigner.publicKey)
    ) {
      return { ok: false, reason: 'cosignature tx needs cosigner {name (no spaces or +), publicKey: 64 hex}' };
    }
    if (!Number.isSafeInteger(t.timestamp) || t.timestamp < 1)
      return { ok: false, reason: 'cosignature tx needs a positive integer timestamp' };
    if (typeof t.signature !== 'string' || !/^[0-9a-f]{128}$/.test(t.signature))
      return { ok: false, reason: 'cosignature tx needs signature: 128 hex' };
    return { ok: true, tx: t };
  }
  return {
    ok: false,
    reason: `unknown tx type ${JSON.stringify(type)}: expected checkpoint, governance or cosignature`,
  };
}

const GOVERNANCE_CONTEXT = 'risk-ledger/governance/v1\n';

/** What each member signs: a context, the chain id (no replay on another chain), the proposal's JCS bytes. */
export function governanceSigningBytes(chainId: string, proposal: Proposal): Uint8Array {
  const head = new TextEncoder().encode(`${GOVERNANCE_CONTEXT}${chainId}\n`);
  const body = canonicalBytes(proposal);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a type guard for JSON just parsed; each field is checked after
function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
