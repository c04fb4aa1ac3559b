import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IdempotencyService } from '../../ingest/intake/idempotency.service';
import { IntakeResult } from '../../ingest/intake/intake-result';
import { RecordIntakeService } from '../../ingest/intake/record-intake.service';
import { FIRM_PUSHABLE_KINDS } from '../../ingest/intake/firm-kind-rules';
import { FirmPrincipal } from '../../ingest/keys/firm-api-keys.service';
import { parseJsonStrict } from '../../ingest/schemas/parse-json';
import { RECORD_KINDS, RecordKind } from '../../ingest/schemas/records';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors/domain-error';
import { Problem } from '../problem.filter';
import { RateLimiter } from '../rate-limiter';
import { UnsupportedMediaType } from '../json-body.middleware';
import { splitBulkBody } from './request-body';
import { SignedPushGate } from './signed-push';
import { SubmissionSeal } from '../../ingest/signing/submission-signing.service';

export interface PushRequest {
  firm: FirmPrincipal;
  kind: string;
  body: Buffer;
  contentType?: string;
  idempotencyKey?: string;
  path: string;
  method?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export interface PushAnswer {
  statusCode: number;
  body: unknown;
  replayed: boolean;
}

export interface BulkReport {
  requestId: string;
  accepted: number;
  duplicates: number;
  rejected: number;
  items: IntakeResult[];
}

/** Firm push over HTTP: rate limit, idempotency, parsing, then the one intake path. */
@Injectable()
export class FirmPushService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly intake: RecordIntakeService,
    private readonly idempotency: IdempotencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signatures: SignedPushGate,
  ) {
    this.limiter = new RateLimiter(config.ingest.rateLimitPerSecond, Date.now, 'push requests');
  }

  /**
   * Runs before the body is read: the firm's rate limit and the media type, so a refused push
   * costs no buffering of up to the body limit.
   */
  admit(firm: FirmPrincipal, contentType: string | undefined, options: { ndjson?: boolean } = {}): void {
    this.limiter.take(firm.firmId);
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const json =
      /^application\/([a-z0-9.-]+\+)?json$/.test(type) || (options.ndjson === true && /ndjson|jsonl/.test(type));
    if (!json)
      throw new UnsupportedMediaType(
        `the body must be JSON (Content-Type: application/json${options.ndjson ? ' or application/x-ndjson' : ''}), got ${type || 'no Content-Type'}`,
      );
  }

  async single(request: PushRequest): Promise<PushAnswer> {
    const kind = this.pushableKind(request.kind);
    const seal = await this.seal(request, kind);
    return this.withIdempotency(request, async (requestId) => {
      const parsed = parseJsonStrict(request.body);
      if (!parsed.ok) throw new ValidationFailed('the body is not valid JSON', parsed.problems);
      const [result] = await this.intake.accept(
        [{ kind, value: parsed.value, sourceRef: requestId, submission: seal.envelope, salt: seal.salt }],
        { source: 'http', firmId: request.firm.firmId },
      );
      return {
        statusCode: statusOf(result),
        body:
          result.status === 'rejected'
            ? rejectionProblem(result, request.path)
            : { ...result, ...(result.status === 'accepted' && submissionOf(seal)) },
      };
    });
  }

  async bulk(request: PushRequest): Promise<PushAnswer> {
    const kind = this.pushableKind(request.kind);
    const seal = await this.seal(request, kind);
    return this.withIdempotency(request, async (requestId) => {
      const { items, good } = splitBulkBody(
        request.body,
        request.contentType,
        this.config.ingest.maxItemsPerRequest,
        kind,
      );
      const results = await this.intake.accept(
        good.map((g) => ({
          kind,
          value: g.value,
          sourceRef: `${requestId}#${g.index}`,
          submission: { ...seal.envelope, item: g.index },
          salt: seal.salt,
        })),
        { source: 'http', firmId: request.firm.firmId },
      );
      results.forEach((result, i) => (items[good[i].index] = { ...result, index: good[i].index }));
      const report: BulkReport = {
        requestId,
        accepted: items.filter((r) => r.status === 'accepted').length,
        duplicates: items.filter((r) => r.status === 'duplicate').length,
        rejected: items.filter((r) => r.status === 'rejected').length,
        items,
        ...submissionOf(seal),
      };
      return { statusCode: 200, body: report };
    });
  }

  private seal(request: PushRequest, kind: RecordKind): Promise<SubmissionSeal> {
    return this.signatures.seal({
      firmId: request.firm.firmId,
      kind,
      method: request.method ?? 'POST',
      path: request.path,
      headers: request.headers ?? {},
      body: request.body,
    });
  }

  private pushableKind(kind: string): RecordKind {
    if (!(RECORD_KINDS as readonly string[]).includes(kind))
      throw new NotFound(`no record kind '${kind}'; kinds are ${RECORD_KINDS.join(', ')}`);
    if (!FIRM_PUSHABLE_KINDS.includes(kind as RecordKind))
      throw new Forbidden(`${kind} comes from government feeds on Kafka; firms push ${FIRM_PUSHABLE_KINDS.join(', ')}`);
    return kind as RecordKind;
  }

  private async withIdempotency(
    request: PushRequest,
    run: (requestId: string) => Promise<{ statusCode: number; body: unknown }>,
  ): Promise<PushAnswer> {
    const requestId = randomUUID();
    if (request.idempotencyKey === undefined) return { ...(await run(requestId)), replayed: false };
    if (request.idempotencyKey.length === 0 || request.idempotencyKey.length > 200)
      throw new ValidationFailed('Idempotency-Key must have 1 to 200 characters', [
        { pointer: '/headers/idempotency-key', detail: 'must have 1 to 200 characters' },
      ]);
    const hash = createHash('sha256').update(`POST ${request.path}\n`).update(request.body).digest();
    return this.idempotency.once(request.firm.firmId, request.idempotencyKey, hash, () => run(requestId));
  }
}

/** What the submitter keeps to prove later that the log holds exactly the bytes it sent. */
function submissionOf(seal: SubmissionSeal): { submission: { commitment: string; salt: string; signedBy?: string } } {
  return {
    submission: {
      commitment: seal.envelope.commitment,
      salt: seal.salt.toString('hex'),
      ...(seal.envelope.signature && { signedBy: seal.envelope.signature.keyId }),
    },
  };
}

/** A refused single push answers as RFC 9457 problem+json with the field-level errors. */
export function rejectionProblem(result: Extract<IntakeResult, { status: 'rejected' }>, instance: string): Problem {
  return {
    type: `urn:problem:${result.reason}`,
    title: result.reason.replace(/_/g, ' '),
    status: statusOf(result),
    detail: result.detail,
    instance,
    code: result.reason,
    errors: result.problems,
  };
}

export function statusOf(result: IntakeResult): number {
  if (result.status === 'accepted') return 201;
  if (result.status === 'duplicate') return 200;
  if (result.status !== 'rejected') return 200;
  return ({ wrong_firm: 403, conflict: 409 } as Record<string, number>)[result.reason] ?? 422;
}
