import { Injectable } from '@nestjs/common';

export interface DependencyStatus {
  ok: boolean;
  /** What was found, e.g. the broker count or the chain height; never a secret. */
  detail?: string;
  latencyMs: number;
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

/** Dependencies register a probe here; /health runs them all concurrently with a timeout. */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private readonly startedAt = Date.now();

  register(check: HealthCheck): void {
    this.checks.set(check.name, check);
  }

  async report(role: string): Promise<HealthReport> {
    const entries = await Promise.all([...this.checks.values()].map(async (check) => [check, await runProbe(check)] as const));
    const criticalDown = entries.some(([check, status]) => check.critical && !status.ok);
    const anyDown = entries.some(([, status]) => !status.ok);
    return {
      status: criticalDown ? 'down' : anyDown ? 'degraded' : 'ok',
      role,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      dependencies: Object.fromEntries(entries.map(([check, status]) => [check.name, status])),
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
