import { Logger } from '@nestjs/common';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { MetricsService } from './metrics/metrics.service';

/** Who may tick: a LeaderLock (platform/database/leader-lock) among replicas, or a stand-in in unit specs. */
export interface TaskLeader {
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export interface PeriodicTaskOptions {
  /** Names the task in logs and in the metrics' `task` label: 'evidence_anchor', 'alerts_escalation'. */
  name: string;
  /** Milliseconds between ticks, or asked anew after each tick (a loop that polls faster while it waits for something). */
  intervalMs: number | (() => number);
  /**
   * 'delay' (default): the interval runs from the end of one tick to the start of the next.
   * 'rate': from the start of one tick to the start of the next, so work that arrived during a long
   * tick is picked up as soon as it ends.
   */
  cadence?: 'delay' | 'rate';
  /** Before the first tick; the interval by default. */
  firstDelayMs?: number;
  /** When given, a tick runs only in the process that holds it; the lock is released when the task stops. */
  leader?: TaskLeader;
  /** One tick. A rejection is counted, logged, and the next tick comes at the usual time. */
  run: () => Promise<unknown>;
  /** Called with a tick's error after it is counted and logged, for what the owner does on failure. */
  onError?: (error: Error) => void;
  logger?: Logger;
}

interface TaskMetrics {
  ticks: Counter<'task'>;
  failures: Counter<'task'>;
  duration: Histogram<'task'>;
  lastSuccess: Gauge<'task'>;
  leader: Gauge<'task'>;
}

function taskMetrics(metrics: MetricsService): TaskMetrics {
  return {
    ticks: metrics.counter(
      'periodic_task_ticks_total',
      'Ticks of a periodic task that ran (as leader, where it has one)',
      ['task'],
    ),
    failures: metrics.counter('periodic_task_failures_total', 'Ticks of a periodic task that failed', ['task']),
    duration: metrics.histogram(
      'periodic_task_duration_seconds',
      'Duration of the ticks of a periodic task',
      ['task'],
      [0.01, 0.05, 0.25, 1, 5, 30, 120, 600],
    ),
    lastSuccess: metrics.gauge(
      'periodic_task_last_success_timestamp_seconds',
      'Unix time the last tick of a periodic task succeeded',
      ['task'],
    ),
    leader: metrics.gauge('periodic_task_leader', '1 while this process holds the leader lock of a periodic task', [
      'task',
    ]),
  };
}

/**
 * A loop on a timer: start() schedules ticks, one at a time; stop() drains: it schedules nothing
 * more, awaits the tick in flight, then releases the leader lock. Owners call stop() from a Nest
 * shutdown hook that runs before the database pool closes.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private started = false;
  private stopped = false;
  private readonly metrics: TaskMetrics;
  private readonly logger: Logger;

  constructor(
    private readonly options: PeriodicTaskOptions,
    metrics: MetricsService,
  ) {
    this.metrics = taskMetrics(metrics);
    this.logger = options.logger ?? new Logger(`PeriodicTask ${options.name}`);
  }

  /** Schedules the first tick; once only, and never after stop(). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(this.options.firstDelayMs ?? this.interval());
  }

  /** Stops scheduling, awaits the tick in flight, releases the leader lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    if (this.options.leader) {
      await this.options.leader.release();
      this.metrics.leader.set({ task: this.options.name }, 0);
    }
  }

  private interval(): number {
    const { intervalMs } = this.options;
    return typeof intervalMs === 'number' ? intervalMs : intervalMs();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const startedAt = Date.now();
      this.running = this.tick().finally(() => {
        const interval = this.interval();
        this.schedule(this.options.cadence === 'rate' ? Math.max(0, startedAt + interval - Date.now()) : interval);
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const task = { task: this.options.name };
    try {
      if (this.options.leader) {
        const leading = await this.options.leader.held();
        this.metrics.leader.set(task, leading ? 1 : 0);
        if (!leading) return;
      }
      const endTimer = this.metrics.duration.startTimer(task);
      try {
        await this.options.run();
        this.metrics.lastSuccess.set(task, Date.now() / 1000);
      } finally {
        endTimer();
        this.metrics.ticks.inc(task);
      }
    } catch (caught: unknown) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.metrics.failures.inc(task);
      this.logger.warn(`${this.options.name} tick failed: ${error.message}`);
      this.options.onError?.(error);
    }
  }
}
