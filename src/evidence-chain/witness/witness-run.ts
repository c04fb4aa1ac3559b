import { fromHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { verifyConsistency } from '../merkle/consistency-proof';
import { verifyInclusion } from '../merkle/inclusion-proof';
import { CheckpointBody, NoteError, openCheckpointNote, signCosignature, splitNote } from './cosignature';
import { ChainWitness } from './witness-chain';
import { WitnessApi } from './witness-api';
import { WitnessState } from './witness-state';

const hasher = treeHasher(nodeSha256);

export interface WitnessOptions {
  api: WitnessApi;
  /** the firm's Ed25519 signing key (its public key is registered with the bureau) */
  secretKey: Uint8Array;
  /** the cosigner name in the cosignature line */
  name: string;
  state: WitnessState | null;
  /** the log's verifier key given by flag; otherwise the state's, otherwise pinned on first use */
  logKey?: string;
  chain?: ChainWitness;
  log?: (line: string) => void;
}

export type WitnessOutcome =
  | { outcome: 'cosigned'; treeSize: number; cosignature: string; state: WitnessState }
  | { outcome: 'unchanged'; treeSize: number }
  | { outcome: 'refused'; treeSize: number; firstBadSize: number; reason: string }
  | { outcome: 'not_anchored'; treeSize: number; reason: string };

/** A checkpoint the witness will not cosign: the first tree size found bad, and why. */
class Refusal extends Error {
  constructor(
    readonly firstBadSize: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * One round of the firm's witness: fetch the latest checkpoint note, verify the log's signature,
 * that it extends the checkpoint last verified (RFC 6962 consistency), that the chain holds it
 * (when a chain is given), and that every leaf of the firm's since then is included; then cosign
 * and submit. Any inconsistency is reported to the service as a refusal and nothing is cosigned.
 */
export async function witnessOnce(options: WitnessOptions): Promise<WitnessOutcome> {
  const say = options.log ?? (() => undefined);
  const { note, verifierKey } = await options.api.latestNote();
  const logKey = options.logKey ?? options.state?.logKey ?? verifierKey;
  if (!logKey) throw new Error('the log named no verifier key: pass --log-key');
  if (!options.logKey && !options.state) say(`pinned the log key on first use: ${logKey}`);
  let checkpoint: CheckpointBody | undefined;
  try {
    checkpoint = open(note, logKey);
    const state = options.state;
    if (state && checkpoint.treeSize === state.treeSize && checkpoint.rootHash === state.rootHash)
      return { outcome: 'unchanged', treeSize: checkpoint.treeSize };
    if (state) await checkExtends(options.api, state, checkpoint);
    if (options.chain) {
      const onChain = await options.chain.anchored(checkpoint);
      if (onChain === null)
        return {
          outcome: 'not_anchored',
          treeSize: checkpoint.treeSize,
          reason: `the chain holds no checkpoint ${checkpoint.origin} at size ${checkpoint.treeSize} yet`,
        };
      if (onChain.rootHash !== checkpoint.rootHash)
        throw new Refusal(
          checkpoint.treeSize,
          `the chain holds root ${onChain.rootHash} at size ${checkpoint.treeSize}, the log serves ${checkpoint.rootHash}`,
        );
      say(
        `the chain holds checkpoint ${checkpoint.treeSize} (height ${onChain.height}, proof checked against the next header's app hash)`,
      );
    }
    const leaves = await checkOwnLeaves(options.api, state?.treeSize ?? 0, checkpoint);
    say(
      `checkpoint ${checkpoint.treeSize} extends ${state ? state.treeSize : 'nothing yet'}; ${leaves} leaves of the firm included`,
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const size = checkpoint?.treeSize ?? error.firstBadSize;
    await options.api.reportRefusal(note, error.firstBadSize, error.message);
    return { outcome: 'refused', treeSize: size, firstBadSize: error.firstBadSize, reason: error.message };
  }

  const cosignature = signCosignature(checkpoint.text, options.name, options.secretKey);
  await options.api.submitCosignature(note, cosignature);
  if (options.chain) await options.chain.submit(checkpoint, cosignature, options.secretKey);
  const state: WitnessState = {
    origin: checkpoint.origin,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    logKey,
    note: note + cosignature,
    cosignedAt: new Date().toISOString(),
  };
  return { outcome: 'cosigned', treeSize: checkpoint.treeSize, cosignature, state };
}

function open(note: string, logKey: string): CheckpointBody {
  try {
    return openCheckpointNote(note, logKey);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    let size = 0;
    try {
      size = Number(splitNote(note).body.split('\n')[1]) || 0;
    } catch {
      // unreadable note: size 0
    }
    throw new Refusal(size, `the checkpoint note does not open under the pinned log key: ${error.message}`);
  }
}

/** Consistency from the verified state; when it fails, the first listed checkpoint after the state that fails names the first bad size. */
async function checkExtends(api: WitnessApi, state: WitnessState, checkpoint: CheckpointBody): Promise<void> {
  if (checkpoint.origin !== state.origin)
    throw new Refusal(
      checkpoint.treeSize,
      `the log's origin is ${checkpoint.origin}, the witness verified ${state.origin}`,
    );
  if (checkpoint.treeSize < state.treeSize)
    throw new Refusal(checkpoint.treeSize, `the log shrank from ${state.treeSize} to ${checkpoint.treeSize}`);
  if (checkpoint.treeSize === state.treeSize)
    throw new Refusal(checkpoint.treeSize, `a different root at size ${state.treeSize}: the log was rewritten`);
  const consistent = async (size: number, root: string) => {
    const proof = await api.consistency(state.treeSize, size);
    return verifyConsistency(hasher, state.treeSize, size, fromHex(state.rootHash), fromHex(root), proof);
  };
  const check = await consistent(checkpoint.treeSize, checkpoint.rootHash);
  if (check.ok) return;
  let firstBad = checkpoint.treeSize;
  for (const listed of await api.checkpointsBetween(state.treeSize, checkpoint.treeSize)) {
    if (!(await consistent(listed.checkpoint.treeSize, listed.checkpoint.rootHash)).ok) {
      firstBad = listed.checkpoint.treeSize;
      break;
    }
  }
  throw new Refusal(
    firstBad,
    `checkpoint ${checkpoint.treeSize} does not extend the checkpoint ${state.treeSize} this witness verified (${check.reason}); the first inconsistent checkpoint is at size ${firstBad}`,
  );
}

/** Every leaf the log attributes to the firm since `from` is included in the checkpoint. */
async function checkOwnLeaves(api: WitnessApi, from: number, checkpoint: CheckpointBody): Promise<number> {
  const leaves = await api.firmLeaves(from, checkpoint.treeSize);
  for (const leaf of leaves) {
    const leafHash = hasher.leaf(fromHex(leaf.contentHash));
    const check = verifyInclusion(
      hasher,
      leaf.leafIndex,
      checkpoint.treeSize,
      leafHash,
      leaf.auditPath.map(fromHex),
      fromHex(checkpoint.rootHash),
    );
    if (!check.ok)
      throw new Refusal(
        checkpoint.treeSize,
        `the firm's ${leaf.kind} ${leaf.recordId} (leaf ${leaf.leafIndex}) is not included in checkpoint ${checkpoint.treeSize}: ${check.reason}`,
      );
  }
  return leaves.length;
}
