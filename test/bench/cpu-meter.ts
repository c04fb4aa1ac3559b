// CPU per unit for the benches: this process's CPU (process.cpuUsage) and the CPU of the
// PostgreSQL backends serving the bench's database (from /proc/<pid>/stat, sampled while the run
// lasts so a backend that exits is still counted), with the load average seen meanwhile. Wall
// times move with whatever else the shared machine runs; CPU per unit travels better.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';

const CLOCK_TICKS_PER_S = 100; // getconf CLK_TCK on Linux

export interface CpuReading {
  processMs: number;
  postgresMs: number;
  /** 1-minute load average: mean and maximum of the samples taken during the run. */
  load: { mean: number; max: number };
  wallMs: number;
}

export interface CpuMeter {
  stop(): Promise<CpuReading>;
}

/** utime + stime of a process in ms, or undefined once it is gone (or not visible). */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/**
 * Starts measuring. `databaseUrl` names the bench's own database: every backend connected to it
 * works for the bench (the meter's own connection is left out).
 */
export async function startCpuMeter(databaseUrl?: string): Promise<CpuMeter> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const loads: number[] = [loadavg()[0]];
  // Per backend: CPU when first seen (backends already running had worked before the run) and last seen.
  const backends = new Map<number, { first: number; last: number }>();
  let client: Client | undefined;
  let database = '';
  if (databaseUrl) {
    client = new Client({ connectionString: databaseUrl });
    await client.connect();
    database = new URL(databaseUrl).pathname.slice(1);
  }
  const sample = async (): Promise<void> => {
    loads.push(loadavg()[0]);
    if (!client) return;
    const rows = (
      await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [database],
      )
    ).rows;
    for (const { pid } of rows) {
      const ms = procCpuMs(pid);
      if (ms === undefined) continue;
      const seen = backends.get(pid);
      if (seen) seen.last = ms;
      else backends.set(pid, { first: ms, last: ms });
    }
  };
  await sample();
  // Backends seen at the start count from their CPU then; those that appear later, from zero.
  for (const b of backends.values()) b.first = b.last;
  const startedWith = new Set(backends.keys());
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, 200);
  return {
    async stop(): Promise<CpuReading> {
      clearInterval(timer);
      await sampling;
      await sample();
      const cpu = process.cpuUsage(cpu0);
      await client?.end();
      let postgresMs = 0;
      for (const [pid, b] of backends) postgresMs += b.last - (startedWith.has(pid) ? b.first : 0);
      return {
        processMs: (cpu.user + cpu.system) / 1000,
        postgresMs,
        load: { mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) },
        wallMs: performance.now() - started,
      };
    },
  };
}

/** "CPU per record: 41 µs (service 30 + PostgreSQL 11); load 3.1 (max 4.0)". */
export function describeCpu(reading: CpuReading, units: number, unit: string, scale: 'µs' | 'ms' = 'µs'): string {
  const f = scale === 'µs' ? 1000 : 1;
  const per = (ms: number) => ((ms * f) / units).toFixed(scale === 'µs' ? 0 : 2);
  return `CPU per ${unit}: ${per(reading.processMs + reading.postgresMs)} ${scale} (service ${per(reading.processMs)} + PostgreSQL ${per(reading.postgresMs)}); load average ${reading.load.mean.toFixed(1)} (max ${reading.load.max.toFixed(1)})`;
}

/** One row of issue #16's table as measured now: | what | now | target | ratio |. */
export function tableRow(what: string, now: string, target: string, ratio: number, cpu?: string): string {
  return `| ${what} | ${now} | ${target} | ${ratio.toFixed(2)}x${cpu ? ` | ${cpu}` : ''} |`;
}
