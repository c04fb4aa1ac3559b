import { MetricsService } from './metrics/metrics.service';
import { PeriodicTask, type PeriodicTaskOptions, type TaskLeader } from './periodic-task';

const quiet = { warn: () => undefined } as unknown as PeriodicTaskOptions['logger'];

/** A promise the test resolves by hand, to hold a tick in flight. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function metric(metrics: MetricsService, name: string, task: string): Promise<number | undefined> {
  const found = await metrics.registry.getSingleMetric(name)?.get();
  return found?.values.find((v) => v.labels.task === task)?.value;
}

describe(PeriodicTask.name, () => {
  describe('scheduling', () => {
    let metrics: MetricsService;
    let stopping: PeriodicTask[];
    const task = (options: Omit<PeriodicTaskOptions, 'name' | 'logger'> & { name?: string }) => {
      const t = new PeriodicTask({ name: 'spec', logger: quiet, ...options }, metrics);
      stopping.push(t);
      return t;
    };

    beforeEach(() => {
      jest.useFakeTimers({ now: 0 });
      metrics = new MetricsService();
      stopping = [];
    });
    afterEach(async () => {
      await Promise.all(stopping.map((t) => t.stop()));
      jest.useRealTimers();
    });

    it('should wait the interval before the first tick and between the end of a tick and the next when the cadence is delay', async () => {
      const starts: number[] = [];
      task({ intervalMs: 100, run: () => (starts.push(Date.now()), new Promise((r) => setTimeout(r, 30))) }).start();
      await jest.advanceTimersByTimeAsync(400);
      expect(starts).toEqual([100, 230, 360]);
    });

    it('should start ticks an interval apart, and a late one at once, when the cadence is rate', async () => {
      const starts: number[] = [];
      const lengths = [30, 150, 30, 30];
      const t = task({
        intervalMs: 100,
        cadence: 'rate',
        firstDelayMs: 0,
        run: () => (starts.push(Date.now()), new Promise((r) => setTimeout(r, lengths.shift() ?? 30))),
      });
      t.start();
      await jest.advanceTimersByTimeAsync(420);
      expect(starts).toEqual([0, 100, 251, 351]); // a timeout of 0 fires after 1 ms, as in Node
    });

    it('should ask a function for the interval after each tick when one is given', async () => {
      const starts: number[] = [];
      const gaps = [10, 50, 10];
      task({
        intervalMs: () => gaps.shift() ?? 1000,
        firstDelayMs: 0,
        run: async () => void starts.push(Date.now()),
      }).start();
      await jest.advanceTimersByTimeAsync(100);
      expect(starts).toEqual([0, 10, 60, 70]);
    });

    it('should keep ticking after a failed tick, and count ticks, failures and the last success', async () => {
      let n = 0;
      const errors: string[] = [];
      const t = task({
        name: 'flaky',
        intervalMs: 10,
        run: async () => {
          if (++n === 2) throw new Error('ledger down');
        },
        onError: (e) => errors.push(e.message),
      });
      t.start();
      await jest.advanceTimersByTimeAsync(35);
      expect(n).toBe(3);
      expect(errors).toEqual(['ledger down']);
      expect(await metric(metrics, 'periodic_task_ticks_total', 'flaky')).toBe(3);
      expect(await metric(metrics, 'periodic_task_failures_total', 'flaky')).toBe(1);
      expect(await metric(metrics, 'periodic_task_last_success_timestamp_seconds', 'flaky')).toBe(0.03);
    });

    it('should run a tick only while the leader lock is held', async () => {
      const holds = [false, true, false];
      const leader: TaskLeader = { held: async () => holds.shift() ?? true, release: async () => undefined };
      let ran = 0;
      task({ name: 'led', intervalMs: 10, leader, run: async () => void ran++ }).start();
      await jest.advanceTimersByTimeAsync(30);
      expect(ran).toBe(1);
      expect(await metric(metrics, 'periodic_task_ticks_total', 'led')).toBe(1);
      expect(await metric(metrics, 'periodic_task_leader', 'led')).toBe(0);
    });

    it('should schedule nothing when started after it was stopped', async () => {
      let ran = 0;
      const t = task({ intervalMs: 10, run: async () => void ran++ });
      await t.stop();
      t.start();
      await jest.advanceTimersByTimeAsync(100);
      expect(ran).toBe(0);
    });
  });

  describe('drain', () => {
    it('should await the tick in flight, then release the leader, and tick no more when stopped', async () => {
      const order: string[] = [];
      const inFlight = deferred();
      const tickStarted = deferred();
      let ticks = 0;
      const leader: TaskLeader = { held: async () => true, release: async () => void order.push('leader released') };
      const t = new PeriodicTask(
        {
          name: 'drain',
          intervalMs: 1,
          firstDelayMs: 0,
          leader,
          logger: quiet,
          run: async () => {
            ticks++;
            order.push('tick started');
            tickStarted.resolve();
            await inFlight.promise;
            order.push('tick ended');
          },
        },
        new MetricsService(),
      );
      t.start();
      await tickStarted.promise;

      const stopped = t.stop().then(() => order.push('stopped'));
      await new Promise((r) => setTimeout(r, 20)); // the tick is still in flight: stop() must not have returned
      expect(order).toEqual(['tick started']);

      inFlight.resolve();
      await stopped;
      expect(order).toEqual(['tick started', 'tick ended', 'leader released', 'stopped']);
      await new Promise((r) => setTimeout(r, 20));
      expect(ticks).toBe(1);
    });

    it('should cancel a scheduled tick when stopped between ticks', async () => {
      let ticks = 0;
      const t = new PeriodicTask(
        { name: 'idle', intervalMs: 10, logger: quiet, run: async () => void ticks++ },
        new MetricsService(),
      );
      t.start();
      await t.stop();
      await new Promise((r) => setTimeout(r, 30));
      expect(ticks).toBe(0);
    });
  });
});
