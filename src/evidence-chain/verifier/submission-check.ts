import { bytesEqual, fromBase64, fromHex, toBase64, toHex } from '../canonical/byte-encoding';
import { canonicalBytes } from '../canonical/canonical-json';
import { nobleSha256 } from '../canonical/sha256-noble';
import { verifySignature } from '../canonical/signature-algorithms';
import { submissionCommitment, submissionLeafHash } from '../canonical/submission-leaf';
import { ReceiptSubmission } from './receipt';
import { SubstepResult } from './verification-report';

export interface SubmissionCheckInput {
  contentHash: string;
  submission: ReceiptSubmission;
  recordBytes: Uint8Array;
  /** Opens the commitment: given by the submitter, else the receipt's own copy. */
  salt?: Uint8Array;
  /** The firm's published signing public key, to check its signature; never taken from the receipt. */
  firmKey?: Uint8Array;
}

/**
 * Step 1 for a record the firm submitted: the leaf is H(JCS({ v, stored, submission })). The
 * record held is either the stored form (hashes to `stored`) or the firm's own bytes (open the
 * salted commitment); the firm's RFC 9421 signature is checked over its signature base, whose
 * Content-Digest must be the digest of the firm's bytes when those are what is held.
 */
export function checkSubmission(input: SubmissionCheckInput): {
  outcome: string | null;
  detail: string;
  substeps: SubstepResult[];
} {
  const { submission, recordBytes } = input;
  const substeps: SubstepResult[] = [];
  const leaf = toHex(submissionLeafHash(fromHex(submission.stored), submission.envelope, nobleSha256));
  const leafOk = bytesEqual(fromHex(leaf), fromHex(input.contentHash));
  substeps.push({
    label: 'leaf commits to the stored form and the submission',
    status: leafOk ? 'pass' : 'fail',
    detail: leafOk ? leaf : `H(JCS(envelope)) = ${leaf}, the receipt says ${input.contentHash}`,
  });

  const salt = input.salt ?? (submission.salt ? fromHex(submission.salt) : undefined);
  const ownCopy =
    salt !== undefined && submissionCommitment(salt, recordBytes, nobleSha256) === submission.envelope.commitment;
  const storedForm = !ownCopy && storedHash(recordBytes) === submission.stored;
  substeps.push(
    ownCopy
      ? {
          label: 'record held',
          status: 'pass',
          detail: `the submitter's own bytes: H(salt || file) = commitment ${submission.envelope.commitment}${submission.envelope.item !== undefined ? ` (item ${submission.envelope.item} of a bulk push)` : ''}`,
        }
      : storedForm
        ? { label: 'record held', status: 'pass', detail: `the stored form: SHA-256(jcs) = ${submission.stored}` }
        : {
            label: 'record held',
            status: 'fail',
            detail: salt
              ? 'neither the bytes the firm sent (the salted commitment does not open) nor the stored form'
              : 'not the stored form, and no salt was given to open the commitment to the bytes the firm sent',
          },
  );
  substeps.push(signatureSubstep(submission, recordBytes, ownCopy, input.firmKey));

  const failed = substeps.find((s) => s.status === 'fail');
  return { outcome: failed ? `${failed.label}: ${failed.detail}` : null, detail: substeps[1].detail, substeps };
}

function signatureSubstep(
  submission: ReceiptSubmission,
  recordBytes: Uint8Array,
  ownCopy: boolean,
  firmKey?: Uint8Array,
): SubstepResult {
  const signature = submission.envelope.signature;
  const label = 'firm signature';
  if (!signature) return { label, status: 'skipped', detail: 'the submission was not signed' };
  if (!firmKey)
    return {
      label,
      status: 'skipped',
      detail: `signed with key ${signature.keyId} (${signature.algorithm}); give --firm-key to check it`,
    };
  if (
    !verifySignature(
      signature.algorithm,
      firmKey,
      new TextEncoder().encode(signature.signatureBase),
      fromBase64(signature.value),
    )
  ) {
    return {
      label,
      status: 'fail',
      detail: `the signature does not verify under the given ${signature.algorithm} key over the signature base`,
    };
  }
  if (ownCopy) {
    const digest = `"content-digest": sha-256=:${toBase64(nobleSha256(recordBytes))}:`;
    if (!signature.signatureBase.split('\n').includes(digest))
      return {
        label,
        status: 'fail',
        detail: 'the signature is valid but its Content-Digest is not the digest of the file held',
      };
    return {
      label,
      status: 'pass',
      detail: `key ${signature.keyId} (${signature.algorithm}) signed exactly these bytes`,
    };
  }
  return {
    label,
    status: 'pass',
    detail: `key ${signature.keyId} (${signature.algorithm}) signed the submission (its digest is checked when the firm's own bytes are held)`,
  };
}

function storedHash(recordBytes: Uint8Array): string | undefined {
  try {
    return toHex(
      nobleSha256(canonicalBytes(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(recordBytes)))),
    );
  } catch {
    return undefined;
  }
}
