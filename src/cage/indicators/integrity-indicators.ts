// 云在算: per-official indicators over one period, from the traces. Pure: no I/O.

import { beijingWallClock } from '../../platform/beijing-time';
import { GRADED_TIERS } from '../../scoring/grading/alert-tier';

/** One traced exercise of a power (power_traces), reduced to what the indicators read. */
export interface TracedAction {
  actorId: string;
  actorRole: string;
  actorRegion: string;
  firmId: string | null;
  powerId: string;
  at: Date;
  /** A discretionary decision that moved the firm's standing against the machine's (see favourable()). */
  favourable: boolean;
}

/** One look at a firm's data (staff_access_log, allowed). */
export interface TracedRead {
  staffId: string;
  at: Date;
}

export interface OfficialIndicators {
  actorId: string;
  role: string;
  region: string;
  /** 工作量 */
  workload: number;
  /** 亲密度: the largest share of the official's firm actions on one firm, and that firm. */
  maxFirmShare: number;
  closestFirmId: string | null;
  /** 偏离度: favourable decisions among discretionary ones; the longest run for one firm, and that firm. */
  favourableRate: number;
  favourableRun: number;
  favouredFirmId: string | null;
  /** 超期量 */
  overdue: number;
  afterHoursReads: number;
  maxReadsPerHour: number;
}

export const DISCRETIONARY_POWERS = new Set(['manual_score.add', 'manual_score.revoke', 'alert.dismiss']);

/** Outside 08:00-20:00 China Standard Time (UTC+8), or on a weekend there. */
export function afterHours(at: Date): boolean {
  const local = beijingWallClock(at);
  const hour = local.getUTCHours();
  const weekday = local.getUTCDay(); // 0 is Sunday
  return hour < 8 || hour >= 20 || weekday === 0 || weekday === 6;
}

/**
 * Whether a traced decision favoured the firm against the machine: a dismissal of an alert, or a
 * manual score leaving the firm's risk score below the machine's or its tier lower than before.
 */
export function favourable(powerId: string, before: unknown, after: unknown): boolean {
  if (powerId === 'alert.dismiss') return true;
  if (powerId !== 'manual_score.add' && powerId !== 'manual_score.revoke') return false;
  const b = (before as { assessment?: Assessment | null } | null)?.assessment;
  const a = (after as { assessment?: Assessment | null } | null)?.assessment;
  if (!a) return false;
  if (b && rankOf(a.tier) < rankOf(b.tier)) return true;
  return a.riskScore != null && a.machineScore != null && Number(a.riskScore) < Number(a.machineScore);
}

interface Assessment {
  tier?: string | null;
  riskScore?: string | null;
  machineScore?: string | null;
}
// A tier read from a stored trace: -1 when absent or unknown.
const rankOf = (tier: string | null | undefined): number => (GRADED_TIERS as readonly string[]).indexOf(tier ?? '');

/** What the indicators need, aggregated (in SQL for the service, by aggregate() for raw lists). */
export interface IndicatorInput {
  /** Traced actions per official and firm (firmId null: actions on no firm). */
  counts: Array<{ actorId: string; actorRole: string; actorRegion: string; firmId: string | null; n: number }>;
  /** Discretionary decisions only (DISCRETIONARY_POWERS), any order. */
  decisions: Array<{ actorId: string; firmId: string | null; at: Date; favourable: boolean }>;
  reads: Array<{ staffId: string; afterHours: number; maxPerHour: number }>;
  overdue: ReadonlyMap<string, number>;
}

/** Raw actions and reads -> the aggregated input. */
export function aggregate(
  actions: readonly TracedAction[],
  reads: readonly TracedRead[],
  overdue: ReadonlyMap<string, number>,
): IndicatorInput {
  const counts = new Map<string, IndicatorInput['counts'][number]>();
  for (const a of actions) {
    const key = `${a.actorId}\u0000${a.firmId ?? ''}`;
    const c = counts.get(key);
    if (c) c.n++;
    else
      counts.set(key, {
        actorId: a.actorId,
        actorRole: a.actorRole,
        actorRegion: a.actorRegion,
        firmId: a.firmId,
        n: 1,
      });
  }
  const perStaff = new Map<string, { afterHours: number; hours: Map<number, number> }>();
  for (const r of reads) {
    let s = perStaff.get(r.staffId);
    if (!s) perStaff.set(r.staffId, (s = { afterHours: 0, hours: new Map() }));
    if (afterHours(r.at)) s.afterHours++;
    const hour = Math.floor(r.at.getTime() / 3_600_000);
    s.hours.set(hour, (s.hours.get(hour) ?? 0) + 1);
  }
  return {
    counts: [...counts.values()],
    decisions: actions
      .filter((a) => DISCRETIONARY_POWERS.has(a.powerId))
      .map((a) => ({ actorId: a.actorId, firmId: a.firmId, at: a.at, favourable: a.favourable })),
    reads: [...perStaff].map(([staffId, s]) => ({
      staffId,
      afterHours: s.afterHours,
      maxPerHour: Math.max(0, ...s.hours.values()),
    })),
    overdue,
  };
}

/** Indicators of every official with raw actions, reads or overdue records in the period. */
export function computeIndicators(
  actions: readonly TracedAction[],
  reads: readonly TracedRead[],
  overdueByStaff: ReadonlyMap<string, number>,
): OfficialIndicators[] {
  return indicatorsOf(aggregate(actions, reads, overdueByStaff));
}

/** Indicators of every official of the aggregated input. */
export function indicatorsOf(input: IndicatorInput): OfficialIndicators[] {
  const officials = new Map<
    string,
    OfficialIndicators & { onFirms: number; discretionary: number; favoured: number }
  >();
  const of = (actorId: string) => {
    let o = officials.get(actorId);
    if (!o) {
      o = {
        actorId,
        role: '',
        region: '',
        workload: 0,
        maxFirmShare: 0,
        closestFirmId: null,
        favourableRate: 0,
        favourableRun: 0,
        favouredFirmId: null,
        overdue: 0,
        afterHoursReads: 0,
        maxReadsPerHour: 0,
        onFirms: 0,
        discretionary: 0,
        favoured: 0,
      };
      officials.set(actorId, o);
    }
    return o;
  };
  let closest = new Map<string, number>();
  for (const c of input.counts) {
    const o = of(c.actorId);
    o.role ||= c.actorRole;
    o.region ||= c.actorRegion;
    o.workload += c.n;
    if (c.firmId === null) continue;
    o.onFirms += c.n;
    if (c.n > (closest.get(c.actorId) ?? 0)) {
      closest.set(c.actorId, c.n);
      o.closestFirmId = c.firmId;
    }
  }
  for (const o of officials.values()) o.maxFirmShare = o.onFirms ? (closest.get(o.actorId) ?? 0) / o.onFirms : 0;
  closest = new Map();
  const runs = new Map<string, { current: number; best: number }>();
  for (const d of [...input.decisions].sort((x, y) => x.at.getTime() - y.at.getTime())) {
    const o = of(d.actorId);
    o.discretionary++;
    if (d.favourable) o.favoured++;
    if (d.firmId === null) continue;
    const key = `${d.actorId}\u0000${d.firmId}`;
    const run = runs.get(key) ?? { current: 0, best: 0 };
    run.current = d.favourable ? run.current + 1 : 0;
    run.best = Math.max(run.best, run.current);
    runs.set(key, run);
    if (run.best > o.favourableRun) {
      o.favourableRun = run.best;
      o.favouredFirmId = d.firmId;
    }
  }
  for (const r of input.reads)
    Object.assign(of(r.staffId), { afterHoursReads: r.afterHours, maxReadsPerHour: r.maxPerHour });
  for (const [staffId, n] of input.overdue) of(staffId).overdue = n;
  return [...officials.values()].map(({ onFirms: _f, discretionary, favoured, ...o }) => ({
    ...o,
    favourableRate: discretionary ? favoured / discretionary : 0,
  }));
}
