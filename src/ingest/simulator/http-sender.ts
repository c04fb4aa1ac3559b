// HTTP sink of the simulator: POST {url}/v1/ingest/{kind}/bulk with a JSON array of up to 1,000
// records of one firm, authenticated with that firm's API key. Government feeds and news go to
// POST {url}/v1/ingest/gov/{kind}/bulk with an agency key when there is one; without one they are
// skipped (they travel on Kafka).
import { createHash } from 'node:crypto';
import { FIRM_PUSHABLE_KINDS } from '../intake/firm-kind-rules';
import { RecordKind } from '../schemas/records';
import { TimedRecord } from './trajectory-records';

export const FIRM_PUSHED_KINDS: ReadonlySet<RecordKind> = new Set(FIRM_PUSHABLE_KINDS);
const MAX_BULK = 1000;
const MAX_ATTEMPTS = 5;

export interface HttpSendStats {
  posted: number;
  accepted: number;
  rejected: number;
  skippedNoKey: number;
  skippedFeed: number;
  failedRequests: number;
  errors: string[];
}

export class HttpRecordSender {
  readonly stats: HttpSendStats = {
    posted: 0,
    accepted: 0,
    rejected: 0,
    skippedNoKey: 0,
    skippedFeed: 0,
    failedRequests: 0,
    errors: [],
  };

  constructor(
    private readonly baseUrl: string,
    private readonly keyFor: (creditCode: string) => string | null,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly agencyKey: string | null = null,
  ) {}

  async send(batch: TimedRecord[]): Promise<void> {
    // Group by firm and kind, keeping each group's order; one request per group chunk.
    const groups = new Map<string, { kind: RecordKind; key: string; records: unknown[] }>();
    for (const r of batch) {
      const feed = !FIRM_PUSHED_KINDS.has(r.kind);
      if (feed && !this.agencyKey) {
        this.stats.skippedFeed++;
        continue;
      }
      const key = feed ? this.agencyKey : this.keyFor(r.firmCreditCode);
      if (!key) {
        this.stats.skippedNoKey++;
        continue;
      }
      const id = feed ? `gov/${r.kind}` : `${r.firmCreditCode}/${r.kind}`;
      const group = groups.get(id) ?? { kind: r.kind, key, records: [] };
      group.records.push(r.record);
      groups.set(id, group);
    }
    for (const group of groups.values()) {
      for (let i = 0; i < group.records.length; i += MAX_BULK)
        await this.post(group.kind, group.key, group.records.slice(i, i + MAX_BULK));
    }
  }

  private async post(kind: RecordKind, apiKey: string, records: unknown[]): Promise<void> {
    const path = FIRM_PUSHED_KINDS.has(kind) ? `/v1/ingest/${kind}/bulk` : `/v1/ingest/gov/${kind}/bulk`;
    const body = JSON.stringify(records);
    // Same body, same key: a retried request is recognised by the intake and changes nothing.
    const idempotencyKey = createHash('sha256').update(kind).update(body).digest('hex').slice(0, 40);
    let status = 0;
    let text = '';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${apiKey}`,
            'idempotency-key': idempotencyKey,
          },
          body,
        });
        status = response.status;
        text = await response.text();
        // 2xx (incl. 207 multi-status) and 422 carry a per-item report; count what it says.
        if (status < 300 || status === 422) return this.count(records.length, text);
        // Other client errors will not improve on retry (bad key, unknown kind).
        if (status !== 429 && status < 500) break;
        const retryAfter = Number(response.headers.get('retry-after'));
        await delay(retryAfter > 0 ? retryAfter * 1000 : 200 * 2 ** attempt);
      } catch (error) {
        status = 0;
        text = error instanceof Error ? error.message : String(error);
        await delay(200 * 2 ** attempt);
      }
    }
    this.fail(kind, status, text);
  }

  private count(n: number, text: string): void {
    this.stats.posted += n;
    try {
      const report = JSON.parse(text) as { accepted?: number; duplicates?: number; rejected?: number };
      this.stats.accepted += (report.accepted ?? 0) + (report.duplicates ?? 0);
      this.stats.rejected += report.rejected ?? 0;
    } catch {
      this.stats.accepted += n;
    }
  }

  private fail(kind: RecordKind, status: number, text: string): void {
    this.stats.failedRequests++;
    if (this.stats.errors.length < 5)
      this.stats.errors.push(`${kind}: HTTP ${status || 'error'} ${text.slice(0, 300)}`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
