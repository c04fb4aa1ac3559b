import type { IsoDate } from '../../ingest/schemas/records';
import { computeFeatures } from '../features/compute-features';
import type { FirmHistory } from '../features/firm-history';
import type { FeatureVector } from '../features/feature-vector';
import { triggerTier } from '../grading/rule-tier';
import type { GradedTier } from '../grading/alert-tier';
import { evaluatePack, packAppliesTo, type RuleHit } from './rule-engine';
import { packRef, type RulePack } from './rule-pack';

export interface RuleDelta {
  ruleId: string;
  activeFired: number;
  candidateFired: number;
  activeNoData: number;
  candidateNoData: number;
}

export interface DryRunReport {
  active: string | null;
  candidate: string;
  /** (firm, date) points evaluated: the firms the candidate applies to, at every date given. */
  points: number;
  /** Points per tier that the pack's hits alone call for (§5 triggers). */
  tiers: { active: Record<GradedTier, number>; candidate: Record<GradedTier, number> };
  /** Rules present in either pack, the ones whose counts changed first. */
  rules: RuleDelta[];
  /** Points whose tier changed, up to `maxChanges`. */
  changes: Array<{ firmId: string; asOf: IsoDate; from: GradedTier; to: GradedTier }>;
}

const emptyTiers = (): Record<GradedTier, number> => ({ none: 0, blue: 0, yellow: 0, orange: 0, red: 0 });

/**
 * Run a candidate pack and the active one over history before activating the candidate: how
 * many firms would land in each tier, which rules fire more or less, and which firms move.
 * `active` is null for a brand-new pack.
 */
export function dryRun(
  candidate: RulePack,
  active: RulePack | null,
  histories: readonly FirmHistory[],
  dates: readonly IsoDate[],
  options: { maxChanges?: number; features?: (h: FirmHistory, asOf: IsoDate) => FeatureVector } = {},
): DryRunReport {
  const features = options.features ?? computeFeatures;
  const maxChanges = options.maxChanges ?? 100;
  const report: DryRunReport = {
    active: active ? packRef(active) : null,
    candidate: packRef(candidate),
    points: 0,
    tiers: { active: emptyTiers(), candidate: emptyTiers() },
    rules: [],
    changes: [],
  };
  const deltas = new Map<string, RuleDelta>();
  const delta = (id: string): RuleDelta => {
    let d = deltas.get(id);
    if (!d)
      deltas.set(id, (d = { ruleId: id, activeFired: 0, candidateFired: 0, activeNoData: 0, candidateNoData: 0 }));
    return d;
  };
  for (const rule of candidate.rules) delta(rule.id);
  for (const rule of active?.rules ?? []) delta(rule.id);
  const tally = (hits: RuleHit[], side: 'active' | 'candidate'): void => {
    for (const h of hits) {
      if (h.outcome === 'fired') delta(h.ruleId)[`${side}Fired`] += 1;
      if (h.outcome === 'no_data') delta(h.ruleId)[`${side}NoData`] += 1;
    }
  };
  for (const h of histories) {
    if (!packAppliesTo(candidate, h.firm.kind)) continue;
    for (const asOf of dates) {
      const f = features(h, asOf);
      const cand = evaluatePack(candidate, f);
      const act = active && packAppliesTo(active, h.firm.kind) ? evaluatePack(active, f) : [];
      tally(cand, 'candidate');
      tally(act, 'active');
      const to = triggerTier(cand).tier;
      const from = triggerTier(act).tier;
      report.points += 1;
      report.tiers.candidate[to] += 1;
      report.tiers.active[from] += 1;
      if (from !== to && report.changes.length < maxChanges) report.changes.push({ firmId: h.firm.id, asOf, from, to });
    }
  }
  const moved = (d: RuleDelta): number =>
    Math.abs(d.candidateFired - d.activeFired) + Math.abs(d.candidateNoData - d.activeNoData);
  report.rules = [...deltas.values()].sort((a, b) => moved(b) - moved(a) || (a.ruleId < b.ruleId ? -1 : 1));
  return report;
}
