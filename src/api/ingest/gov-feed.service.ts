import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IdempotencyService } from '../../ingest/intake/idempotency.service';
import { IntakeResult } from '../../ingest/intake/intake-result';
import { RecordIntakeService } from '../../ingest/intake/record-intake.service';
import { GOV_FEED_KINDS } from '../../ingest/intake/firm-kind-rules';
import { AgencyPrincipal } from '../../ingest/keys/agency-api-keys.service';
import { parseJsonStrict } from '../../ingest/schemas/parse-json';
import { RECORD_KINDS, RecordKind } from '../../ingest/schemas/records';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors/domain-error';
import { RateLimiter } from '../rate-limiter';
import { BulkReport, PushAnswer, rejectionProblem, statusOf } from './firm-push.service';
import { GovDeadLetters } from './gov-dead-letters';
import { splitBulkBody } from './request-body';

export interface GovFeedRequest {
  agency: AgencyPrincipal;
  kind: string;
  body: Buffer;
  contentType?: string;
  idempotencyKey?: string;
  path: string;
}

/**
 * Government feeds over HTTP, for deployments without Kafka (the embedded default) and agencies
 * without it: the same intake as the gov.* topics - validation, idempotency by the event id,
 * evidence leaf - with each agency key scoped to its feed kinds. What Kafka would dead-letter is
 * answered to the sender at once, with the same reason and the fields at fault, and is a dead
 * letter too (GovDeadLetters).
 */
@Injectable()
export class GovFeedService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly intake: RecordIntakeService,
    private readonly idempotency: IdempotencyService,
    private readonly deadLetters: GovDeadLetters,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = new RateLimiter(config.ingest.rateLimitPerSecond, Date.now, 'feed requests');
  }

  async single(request: GovFeedRequest): Promise<PushAnswer> {
    const kind = this.allowedKind(request);
    return this.withIdempotency(request, async (requestId) => {
      const parsed = parseJsonStrict(request.body);
      if (!parsed.ok) throw new ValidationFailed('the body is not valid JSON', parsed.problems);
      const [result] = await this.intake.accept(
        [{ kind, value: parsed.value, sourceRef: `${sourceOf(request)}/${requestId}` }],
        { source: 'http' },
      );
      if (result.status === 'rejected')
        await this.deadLetters.send(request.path, [
          { kind, value: request.body, reason: result.reason, detail: describe(result), ref: requestId },
        ]);
      return {
        statusCode: statusOf(result),
        body: result.status === 'rejected' ? rejectionProblem(result, request.path) : result,
      };
    });
  }

  async bulk(request: GovFeedRequest): Promise<PushAnswer> {
    const kind = this.allowedKind(request);
    return this.withIdempotency(request, async (requestId) => {
      const { items, good } = splitBulkBody(
        request.body,
        request.contentType,
        this.config.ingest.maxItemsPerRequest,
        kind,
      );
      const results = await this.intake.accept(
        good.map((g) => ({ kind, value: g.value, sourceRef: `${sourceOf(request)}/${requestId}#${g.index}` })),
        { source: 'http' },
      );
      results.forEach((result, i) => (items[good[i].index] = { ...result, index: good[i].index }));
      await this.deadLetters.send(
        request.path,
        items.flatMap((item) => {
          if (item.status !== 'rejected') return [];
          const value = good.find((g) => g.index === item.index)?.value;
          return [
            {
              kind,
              value: Buffer.from(value === undefined ? '' : JSON.stringify(value)),
              reason: item.reason,
              detail: describe(item),
              ref: `${requestId}#${item.index}`,
            },
          ];
        }),
      );
      const report: BulkReport = {
        requestId,
        accepted: items.filter((r) => r.status === 'accepted').length,
        duplicates: items.filter((r) => r.status === 'duplicate').length,
        rejected: items.filter((r) => r.status === 'rejected').length,
        items,
      };
      return { statusCode: 200, body: report };
    });
  }

  /** The kind in the path, if it is a feed kind this agency's key may send. */
  private allowedKind({ kind, agency }: GovFeedRequest): RecordKind {
    if (!(RECORD_KINDS as readonly string[]).includes(kind))
      throw new NotFound(`no record kind '${kind}'; government feed kinds are ${GOV_FEED_KINDS.join(', ')}`);
    if (!GOV_FEED_KINDS.includes(kind as RecordKind))
      throw new Forbidden(`${kind} is pushed by supervised firms, not by government feeds`);
    if (!agency.kinds.includes(kind as RecordKind))
      throw new Forbidden(`the key of ${agency.agency} may send ${agency.kinds.join(', ')}, not ${kind}`);
    return kind as RecordKind;
  }

  private async withIdempotency(
    request: GovFeedRequest,
    run: (requestId: string) => Promise<{ statusCode: number; body: unknown }>,
  ): Promise<PushAnswer> {
    this.limiter.take(request.agency.keyId);
    const requestId = randomUUID();
    if (!request.idempotencyKey) return { ...(await run(requestId)), replayed: false };
    if (request.idempotencyKey.length > 200)
      throw new ValidationFailed('Idempotency-Key is longer than 200 characters', [
        { pointer: '/headers/idempotency-key', detail: 'at most 200 characters' },
      ]);
    const hash = createHash('sha256').update(`POST ${request.path}\n`).update(request.body).digest();
    // Keys are remembered per agency key (a uuid, so never equal to a firm's id).
    return this.idempotency.once(request.agency.keyId, request.idempotencyKey, hash, () => run(requestId));
  }
}

/** The dead-letter detail: the reason's text and each field at fault, as the Kafka consumer writes it. */
function describe(result: Extract<IntakeResult, { status: 'rejected' }>): string {
  const fields = result.problems.map((p) => `${p.pointer} ${p.detail}`).join('; ');
  return fields ? `${result.detail}: ${fields}` : result.detail;
}

/** Which agency key sent it, for the record's source_ref (never the key itself). */
function sourceOf(request: GovFeedRequest): string {
  return `agency-key:${request.agency.keyId}`;
}
