import { GroupCommit } from './group-commit';

/** A batch writer whose batches finish when the test says so. */
function harness(options: { maxWriting: number; maxBatch: number; fails?: (items: string[]) => boolean }) {
  const batches: string[][] = [];
  const finish: Array<() => void> = [];
  const queue = new GroupCommit<string, string>({
    ...options,
    key: (item) => item.split(':')[0],
    runBatch: (items) => {
      batches.push(items);
      return new Promise((resolve, reject) =>
        finish.push(() =>
          options.fails?.(items)
            ? reject(new Error(`failed ${items.join(',')}`))
            : resolve(items.map((i) => `done ${i}`)),
        ),
      );
    },
  });
  const settle = async () => {
    while (finish.length) {
      finish.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { queue, batches, settle };
}

describe(GroupCommit.name, () => {
  it('should write a lone item at once and batch what arrives while it is written', async () => {
    const { queue, batches, settle } = harness({ maxWriting: 1, maxBatch: 10 });
    const results = Promise.all(['a:1', 'b:1', 'c:1', 'd:1'].map((i) => queue.submit(i)));
    await settle();
    expect(batches).toEqual([['a:1'], ['b:1', 'c:1', 'd:1']]);
    expect(await results).toEqual(['done a:1', 'done b:1', 'done c:1', 'done d:1']);
  });

  it('should never put two items of one key in a batch or in two batches at once, and keep their order', async () => {
    const { queue, batches, settle } = harness({ maxWriting: 2, maxBatch: 10 });
    const results = Promise.all(['a:1', 'a:2', 'b:1', 'a:3'].map((i) => queue.submit(i)));
    await settle();
    expect(batches).toEqual([['a:1'], ['b:1'], ['a:2'], ['a:3']]);
    await results;
  });

  it('should cap a batch at maxBatch items', async () => {
    const { queue, batches, settle } = harness({ maxWriting: 1, maxBatch: 2 });
    const results = Promise.all(['a:1', 'b:1', 'c:1', 'd:1', 'e:1'].map((i) => queue.submit(i)));
    await settle();
    expect(batches.map((b) => b.length)).toEqual([1, 2, 2]);
    await results;
  });

  it('should retry a failed batch item by item so that only the bad item fails', async () => {
    const { queue, batches, settle } = harness({
      maxWriting: 1,
      maxBatch: 10,
      fails: (items) => items.includes('bad:1'),
    });
    const first = queue.submit('a:1');
    const rest = ['b:1', 'bad:1', 'c:1'].map((i) => queue.submit(i).catch((e: Error) => e.message));
    await settle();
    expect(await first).toBe('done a:1');
    expect(await Promise.all(rest)).toEqual(['done b:1', 'failed bad:1', 'done c:1']);
    expect(batches).toEqual([['a:1'], ['b:1', 'bad:1', 'c:1'], ['b:1'], ['bad:1'], ['c:1']]);
  });
});
