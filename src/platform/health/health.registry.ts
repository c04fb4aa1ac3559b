import { Injectable } from '@nestjs/common';

export interface DependencyStatus {
  /** The probe answered. */
  ok: boolean;
  /** What was found, e.g. the broker count or the chain height; never a secret. */
  detail?: string;
  latencyMs?: number;
  /** Real operations on it failed within the last minute, although a probe may still answer. */
  degraded?: boolean;
  recentFailures?: number;
  /** The newest of those failures: when, and what (an error message, never a payload). */
  lastFailure?: { at: string; error: string };
}

export interface HealthCheck {
  /** e.g. "database", "kafka", "ledger". */
  name: string;
  /** A critical dependency that is down makes the service not ready (HTTP 503). */
  critical: boolean;
  probe(): Promise<string | undefined>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  role: string;
  uptimeSeconds: number;
  dependencies: Record<string, DependencyStatus>;
}

const PROBE_TIMEOUT_MS = 3000;
/** How far back failed operations make a dependency degraded. */
export const RECENT_FAILURE_MS = 60_000;

/**
 * Dependencies register a probe here; /health runs them all concurrently with a timeout. Code
 * that uses a dependency reports its failed operations (recordFailure): a dependency whose ping
 * answers while its queries, sends or submissions fail is degraded, not ok.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly failures = new Map<string, Array<{ at: number; error: string }>>();
  /** Replaced in tests to move time. */
  now: () => number = Date.now;
  private readonly startedAt = this.now();

  register(check: HealthCheck): void {
    this.checks.set(check.name, check);
  }

  /** A real operation on the dependency failed (not a refusal of bad input: that is no failure of it). */
  recordFailure(name: string, error: unknown): void {
    const at = this.now();
    const recent = (this.failures.get(name) ?? []).filter((f) => f.at > at - RECENT_FAILURE_MS);
    recent.push({ at, error: String((error as Error)?.message ?? error).slice(0, 300) });
    this.failures.set(name, recent.slice(-1000));
  }

  async report(role: string): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.checks.values()].map(
        async (check) => [check.name, check.critical, this.withFailures(check.name, await runProbe(check))] as const,
      ),
    );
    // Failures of something without a probe (e.g. "http": requests answered with 5xx) show too.
    for (const name of this.failures.keys())
      if (!this.checks.has(name)) entries.push([name, false, this.withFailures(name, { ok: true })]);
    const criticalDown = entries.some(([, critical, status]) => critical && !status.ok);
    const anyBad = entries.some(([, , status]) => !status.ok || status.degraded);
    return {
      status: criticalDown ? 'down' : anyBad ? 'degraded' : 'ok',
      role,
      uptimeSeconds: Math.round((this.now() - this.startedAt) / 1000),
      dependencies: Object.fromEntries(
        entries
          .filter(([, , status]) => status.latencyMs !== undefined || status.degraded)
          .map(([name, , status]) => [name, status]),
      ),
    };
  }

  private withFailures(name: string, status: DependencyStatus): DependencyStatus {
    const since = this.now() - RECENT_FAILURE_MS;
    const recent = (this.failures.get(name) ?? []).filter((f) => f.at > since);
    if (recent.length === 0) return status;
    const last = recent[recent.length - 1];
    return {
      ...status,
      degraded: true,
      recentFailures: recent.length,
      lastFailure: { at: new Date(last.at).toISOString(), error: last.error },
    };
  }
}

async function runProbe(check: HealthCheck): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    const detail = await Promise.race([check.probe(), timeout]);
    return { ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, detail: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
