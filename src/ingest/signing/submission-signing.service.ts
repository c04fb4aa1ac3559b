import { Injectable } from '@nestjs/common';
import { nodeSha256 } from '../../evidence-chain/canonical/sha256-node';
import { verifySignature } from '../../evidence-chain/canonical/signature-algorithms';
import {
  FirmSignature,
  SubmissionEnvelope,
  submissionCommitment,
} from '../../evidence-chain/canonical/submission-leaf';
import { checkContentDigest, readMessageSignature, SignedHeaders } from './http-signature';
import { SignatureRefused } from './signing.errors';
import { SigningKeysService } from './signing-keys.service';
import { newSalt } from './salts';

/** A signed message as the transport received it. */
export interface SignedMessage {
  headers: SignedHeaders;
  body: Uint8Array;
  /** Derived components: `@method` and `@path` for HTTP, `kafka-topic` for Kafka. */
  derived: Record<string, string>;
  /** The components the signature must cover on this transport. */
  required: readonly string[];
}

/** The envelope of an accepted submission and the salt that opens its commitment (to the submitter only). */
export interface SubmissionSeal {
  envelope: SubmissionEnvelope;
  salt: Buffer;
}

/**
 * Checks a firm's RFC 9421 signature over what it sent, under the firm's registered key, and
 * seals the bytes with a salted commitment. A signature that is present is always checked; an
 * absent one is refused only when the firm's policy requires signatures.
 */
@Injectable()
export class SubmissionSigning {
  constructor(private readonly keys: SigningKeysService) {}

  /** `firmId` undefined (Kafka, before the record names its firm): the key decides whose it is. */
  async seal(
    message: SignedMessage,
    firmId: string | undefined,
    at = new Date(),
  ): Promise<SubmissionSeal & { firmId?: string }> {
    const salt = newSalt();
    const commitment = submissionCommitment(salt, message.body, nodeSha256);
    const present = message.headers['signature-input'] !== undefined || message.headers.signature !== undefined;
    if (!present) {
      if (firmId && (await this.keys.signaturesRequired(firmId)))
        readMessageSignature(message.headers, message.body, message.derived, message.required); // throws signature_missing
      checkContentDigest(message.headers, message.body);
      return { envelope: { commitment }, salt, firmId };
    }
    const signature = await this.verify(message, firmId, at);
    return { envelope: { commitment, signature: signature.signature }, salt, firmId: signature.firmId };
  }

  private async verify(
    message: SignedMessage,
    firmId: string | undefined,
    at: Date,
  ): Promise<{ signature: FirmSignature; firmId: string }> {
    const parsed = readMessageSignature(message.headers, message.body, message.derived, message.required);
    const key = await this.keys.find(parsed.keyId);
    if (!key || (firmId && key.firmId !== firmId))
      throw new SignatureRefused('unknown_key', `no signing key '${parsed.keyId}' is registered for this firm`);
    if (key.revokedAt && new Date(key.revokedAt) <= at)
      throw new SignatureRefused('key_revoked', `signing key '${parsed.keyId}' was revoked at ${key.revokedAt}`);
    if (new Date(key.validFrom) > at || (key.validUntil && new Date(key.validUntil) <= at)) {
      throw new SignatureRefused(
        'key_expired',
        `signing key '${parsed.keyId}' is valid from ${key.validFrom}${key.validUntil ? ` until ${key.validUntil}` : ''}, not at ${at.toISOString()}`,
      );
    }
    const base = new TextEncoder().encode(parsed.signatureBase);
    if (!verifySignature(key.algorithm, Buffer.from(key.publicKey, 'hex'), base, parsed.signature)) {
      throw new SignatureRefused(
        'bad_signature',
        `the signature does not verify under key '${parsed.keyId}' (${key.algorithm}) over the signature base of this request`,
      );
    }
    return {
      firmId: key.firmId,
      signature: {
        keyId: parsed.keyId,
        algorithm: key.algorithm,
        signatureBase: parsed.signatureBase,
        value: Buffer.from(parsed.signature).toString('base64'),
      },
    };
  }
}
