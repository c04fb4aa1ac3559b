/**
 * Group commit for work that arrives in bursts: items queue while up to `maxWriting` batches are
 * being written, and the next batch takes everything waiting (up to `maxBatch`). An idle queue
 * writes a lone item at once, so batching costs no latency when it is quiet.
 *
 * Items with the same key never share a batch nor run in two batches at once, and run in arrival
 * order (signals of one firm and cause must apply one after another). When a batch fails, each of
 * its items is retried alone, so one bad item fails only itself.
 */
export class GroupCommit<T, R> {
  private queue: Array<{ item: T; key: string | null; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private readonly busyKeys = new Set<string>();
  private writing = 0;

  constructor(
    private readonly options: {
      maxWriting: number;
      maxBatch: number;
      /** Items that must not be written concurrently share a key; without one, any items batch together. */
      key?: (item: T) => string;
      /** Results in the items' order. */
      runBatch: (items: T[]) => Promise<R[]>;
    },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, key: this.options.key?.(item) ?? null, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.writing < this.options.maxWriting) {
      const batch = this.take();
      if (!batch.length) return;
      this.writing++;
      void this.run(batch).finally(() => {
        this.writing--;
        for (const b of batch) if (b.key !== null) this.busyKeys.delete(b.key);
        this.pump();
      });
    }
  }

  /** The oldest waiting items whose keys are free, one per key. */
  private take(): GroupCommit<T, R>['queue'] {
    const batch: GroupCommit<T, R>['queue'] = [];
    const rest: GroupCommit<T, R>['queue'] = [];
    for (const q of this.queue) {
      if (batch.length < this.options.maxBatch && (q.key === null || !this.busyKeys.has(q.key))) {
        if (q.key !== null) this.busyKeys.add(q.key);
        batch.push(q);
      } else {
        rest.push(q);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: GroupCommit<T, R>['queue']): Promise<void> {
    try {
      const results = await this.options.runBatch(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      await Promise.all(batch.map((b) => this.options.runBatch([b.item]).then(([r]) => b.resolve(r), b.reject)));
    }
  }
}
