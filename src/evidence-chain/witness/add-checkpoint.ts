import { fromHex } from '../canonical/byte-encoding';
import { nodeSha256 } from '../canonical/sha256-node';
import { treeHasher } from '../canonical/tree-hasher';
import { verifyConsistency } from '../merkle/consistency-proof';
import {
  CheckpointBody,
  NoteError,
  openCheckpointNote,
  parseVerifierKey,
  signCosignature,
  splitNote,
} from './cosignature';
import { WitnessState } from './witness-state';

const hasher = treeHasher(nodeSha256);
const EMPTY_ROOT = nodeSha256(new Uint8Array(0));

/** An answer of the C2SP tlog-witness add-checkpoint endpoint. */
export interface AddCheckpointAnswer {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  contentType: string;
  body: string;
  /** set on 200: what the witness must persist before answering */
  state?: WitnessState;
}

const text = (status: AddCheckpointAnswer['status'], body: string): AddCheckpointAnswer => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${body}\n`,
});

/**
 * POST /add-checkpoint (https://c2sp.org/tlog-witness): `old <size>`, up to 63 base64 proof lines,
 * a blank line, the checkpoint note. Checks the log's signature, the old size against the last
 * cosigned one (409 with it), the consistency proof (422), then cosigns (cosignature/v1).
 */
export function addCheckpoint(
  request: string,
  state: WitnessState | null,
  logKey: string,
  cosigner: { name: string; secretKey: Uint8Array },
  now = new Date(),
): AddCheckpointAnswer {
  const blank = request.indexOf('\n\n');
  if (blank < 0) return text(400, 'the body is an old size line, proof lines, a blank line and a checkpoint');
  const head = request.slice(0, blank).split('\n');
  const note = request.slice(blank + 2);
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0] ?? '');
  const proofLines = head.slice(1);
  if (
    !old ||
    proofLines.length > 63 ||
    proofLines.some((l) => Buffer.from(l, 'base64').length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(l))
  ) {
    return text(400, 'expected "old <size>" and at most 63 base64 SHA-256 hashes, one a line');
  }
  const oldSize = Number(old[1]);
  const key = parseVerifierKey(logKey);
  let checkpoint: CheckpointBody;
  try {
    const origin = splitNote(note).body.split('\n')[0];
    if (origin !== key.name) return text(404, `unknown log origin ${JSON.stringify(origin)}`);
    checkpoint = openCheckpointNote(note, logKey);
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    return text(error.reason === 'malformed' ? 400 : 403, error.message);
  }
  if (oldSize > checkpoint.treeSize)
    return text(400, `old size ${oldSize} exceeds the checkpoint size ${checkpoint.treeSize}`);
  const known = state && state.origin === checkpoint.origin ? state : null;
  const knownSize = known?.treeSize ?? 0;
  if (oldSize !== knownSize) return { status: 409, contentType: 'text/x.tlog.size', body: `${knownSize}\n` };
  if (checkpoint.treeSize === 0 && checkpoint.rootHash !== Buffer.from(EMPTY_ROOT).toString('hex'))
    return text(422, "a checkpoint of size 0 must have the empty tree's root");
  if (oldSize === 0 && proofLines.length > 0) return text(422, 'no consistency proof is due from size 0');
  if (known) {
    const check = verifyConsistency(
      hasher,
      known.treeSize,
      checkpoint.treeSize,
      fromHex(known.rootHash),
      fromHex(checkpoint.rootHash),
      proofLines.map((l) => Buffer.from(l, 'base64')),
    );
    if (!check.ok)
      return text(
        422,
        `size ${checkpoint.treeSize} is not consistent with the cosigned size ${known.treeSize}: ${check.reason}`,
      );
  }
  const line = signCosignature(checkpoint.text, cosigner.name, cosigner.secretKey, Math.floor(now.getTime() / 1000));
  return {
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: line,
    state: {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: checkpoint.rootHash,
      logKey,
      note: note + line,
      cosignedAt: now.toISOString(),
    },
  };
}
