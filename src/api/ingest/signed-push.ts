import { Injectable } from '@nestjs/common';
import { REQUIRED_HTTP_COMPONENTS } from '../../ingest/signing/http-signature';
import { SignatureRefused } from '../../ingest/signing/signing.errors';
import { SubmissionSeal, SubmissionSigning } from '../../ingest/signing/submission-signing.service';
import { GovDeadLetters } from './gov-dead-letters';

export interface SignedPushRequest {
  firmId: string;
  kind: string;
  method: string;
  /** The request path as the firm signed it (`@path`). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * The HTTP side of firm signatures: checks the push's RFC 9421 signature (a bulk push carries one
 * over its whole body) and seals it. A refused push is not stored; its bytes and the reason go to
 * the dead letters, and the caller answers with the problem.
 */
@Injectable()
export class SignedPushGate {
  constructor(
    private readonly signing: SubmissionSigning,
    private readonly deadLetters: GovDeadLetters,
  ) {}

  async seal(request: SignedPushRequest): Promise<SubmissionSeal> {
    try {
      return await this.signing.seal(
        {
          headers: request.headers,
          body: request.body,
          derived: { '@method': request.method.toUpperCase(), '@path': request.path },
          required: REQUIRED_HTTP_COMPONENTS,
        },
        request.firmId,
      );
    } catch (error) {
      if (error instanceof SignatureRefused)
        await this.deadLetters.send(request.path, [
          {
            kind: request.kind,
            value: request.body,
            reason: error.code,
            detail: error.message,
            ref: `firm ${request.firmId}`,
          },
        ]);
      throw error;
    }
  }
}
