// Sends records in order at a steady rate, in batches, reporting progress once a second. The
// clock and sleep are injectable so the pacing can be tested without waiting.
import { TimedRecord } from './trajectory-records';

export interface EmitProgress {
  sent: number;
  elapsedMs: number;
  /** Records per second over the last reporting interval. */
  currentRate: number;
}

export interface EmitOptions {
  /** Records per second; 0 = no limit. */
  rate: number;
  batchSize: number;
  send: (batch: TimedRecord[]) => Promise<void>;
  onProgress?: (progress: EmitProgress) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export async function emitPaced(
  records: Iterable<TimedRecord>,
  options: EmitOptions,
): Promise<{ sent: number; elapsedMs: number }> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const start = now();
  let sent = 0;
  let lastReport = start;
  let sentAtLastReport = 0;
  let batch: TimedRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await options.send(batch);
    sent += batch.length;
    batch = [];
    const t = now();
    if (t - lastReport >= 1000) {
      options.onProgress?.({
        sent,
        elapsedMs: t - start,
        currentRate: ((sent - sentAtLastReport) * 1000) / (t - lastReport),
      });
      lastReport = t;
      sentAtLastReport = sent;
    }
  };
  for (const record of records) {
    batch.push(record);
    // Send when the batch is full or when the schedule says its records are due; batch sizes shrink
    // at low rates so records still leave about on time.
    const due =
      options.rate > 0 ? Math.max(1, Math.min(options.batchSize, Math.ceil(options.rate / 10))) : options.batchSize;
    if (batch.length < due) continue;
    if (options.rate > 0) {
      const dueAt = start + ((sent + batch.length) * 1000) / options.rate;
      const wait = dueAt - now();
      if (wait > 0) await sleep(wait);
    }
    await flush();
  }
  await flush();
  return { sent, elapsedMs: now() - start };
}
