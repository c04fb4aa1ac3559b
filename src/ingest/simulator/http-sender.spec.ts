import { examples } from '../schemas/examples';
import { HttpRecordSender } from './http-sender';
import { TimedRecord } from './trajectory-records';

function timed(kind: TimedRecord['kind'], firm: string, record: unknown): TimedRecord {
  return { kind, firmCreditCode: firm, messageId: `${kind}/x`, at: '', record } as TimedRecord;
}

/** A fetch that accepts every item and records each request's URL, key and item count. */
function acceptingFetch(): { calls: Array<{ url: string; auth: string; items: number }>; fakeFetch: typeof fetch } {
  const calls: Array<{ url: string; auth: string; items: number }> = [];
  const fakeFetch = (async (url: string, init: RequestInit) => {
    const items = (JSON.parse(String(init.body)) as unknown[]).length;
    calls.push({ url, auth: (init.headers as Record<string, string>).authorization, items });
    return new Response(JSON.stringify({ accepted: items, duplicates: 0, rejected: 0 }), { status: 200 });
  }) as typeof fetch;
  return { calls, fakeFetch };
}

describe(HttpRecordSender.name, () => {
  it("should post one bulk array per firm and kind with that firm's key, skipping feeds and unknown firms", async () => {
    const { calls, fakeFetch } = acceptingFetch();
    const sender = new HttpRecordSender('http://svc', (code) => (code === 'A' ? 'key-a' : null), fakeFetch);
    await sender.send([
      timed('p2p_report', 'A', examples.p2pReport()),
      timed('contract', 'A', examples.contract()),
      timed('p2p_report', 'A', examples.p2pReport({ reportId: 'R2' })),
      timed('p2p_report', 'B', examples.p2pReport()),
      timed('tax_event', 'A', examples.taxEvent()),
    ]);
    expect(calls).toEqual([
      { url: 'http://svc/v1/ingest/p2p_report/bulk', auth: 'Bearer key-a', items: 2 },
      { url: 'http://svc/v1/ingest/contract/bulk', auth: 'Bearer key-a', items: 1 },
    ]);
    expect(sender.stats).toEqual(
      expect.objectContaining({ posted: 3, accepted: 3, skippedNoKey: 1, skippedFeed: 1, failedRequests: 0 }),
    );
  });

  it('should post government feeds to the government intake with the agency key when it has one', async () => {
    const { calls, fakeFetch } = acceptingFetch();
    const sender = new HttpRecordSender('http://svc', () => 'key-a', fakeFetch, 'rga_agency');
    await sender.send([
      timed('tax_event', 'A', examples.taxEvent()),
      timed('tax_event', 'B', examples.taxEvent({ eventId: 'T2' })),
      timed('contract', 'A', examples.contract()),
    ]);
    expect(calls).toEqual([
      { url: 'http://svc/v1/ingest/gov/tax_event/bulk', auth: 'Bearer rga_agency', items: 2 },
      { url: 'http://svc/v1/ingest/contract/bulk', auth: 'Bearer key-a', items: 1 },
    ]);
    expect(sender.stats).toEqual(expect.objectContaining({ posted: 3, skippedFeed: 0 }));
  });

  it('should record a refused request without retrying it', async () => {
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      return new Response('{"title":"unauthorized"}', { status: 401 });
    }) as typeof fetch;
    const sender = new HttpRecordSender('http://svc', () => 'bad', fakeFetch);
    await sender.send([timed('key_persons', 'A', examples.keyPersons())]);
    expect(calls).toBe(1);
    expect(sender.stats.failedRequests).toBe(1);
    expect(sender.stats.errors[0]).toContain('HTTP 401');
  });
});
