import { emitPaced } from './paced-emitter';
import { TimedRecord } from './trajectory-records';

function fakeRecords(n: number): TimedRecord[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({ kind: 'tax_event', firmCreditCode: 'F', messageId: `m${i}`, at: '', record: {} }) as unknown as TimedRecord,
  );
}

describe(emitPaced.name, () => {
  it('should keep to the rate on a fake clock and report progress each second', async () => {
    let clock = 0;
    const batches: number[] = [];
    const progress: number[] = [];
    const result = await emitPaced(fakeRecords(250), {
      rate: 100,
      batchSize: 1000,
      send: async (batch) => void batches.push(batch.length),
      onProgress: (p) => progress.push(p.sent),
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
    });
    expect(result.sent).toBe(250);
    expect(result.elapsedMs).toBeCloseTo(2500, 0);
    expect(batches.every((n) => n <= 10)).toBe(true);
    expect(progress).toEqual([100, 200]);
  });

  it('should send in full batches without a rate', async () => {
    const batches: number[] = [];
    await emitPaced(fakeRecords(2500), {
      rate: 0,
      batchSize: 1000,
      send: async (batch) => void batches.push(batch.length),
    });
    expect(batches).toEqual([1000, 1000, 500]);
  });
});
