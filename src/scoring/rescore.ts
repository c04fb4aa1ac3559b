import type { IsoDate } from '../ingest/schemas/records';
import { computeFeatures } from './features/compute-features';
import type { FirmHistory, MarketContext } from './features/firm-history';
import type { FeatureVector } from './features/feature-vector';
import { buildMarketContext } from './features/market-context';
import { assessFirm, type Assessment, type PropagationFlag } from './grading/composite-score';
import type { ManualScore } from './grading/manual-score';
import { rankFirms, type RankedFirm } from './grading/ranking';
import type { RiskModel } from './model/risk-model';
import { evaluatePack, packAppliesTo, type RuleHit } from './rules/rule-engine';
import { packRef, type RulePack } from './rules/rule-pack';
import type { GuaranteeStructure } from './related-parties/guarantee-circles';
import { insiderLoans, insidersOf } from './related-parties/insider-lending';

export interface RescoreInput {
  histories: readonly FirmHistory[];
  asOf: IsoDate;
  /** The active packs (one per kind plus public_data); their versions go into each assessment. */
  packs: readonly RulePack[];
  model?: RiskModel | null;
  /** How many model contributions each assessment explains (default 5). */
  topContributions?: number;
  manualScores?: ReadonlyMap<string, readonly ManualScore[]>;
  propagation?: ReadonlyMap<string, readonly PropagationFlag[]>;
  /** 互保/联保 circles and chains by firm id (the run finds them across all firms). */
  guaranteeStructures?: ReadonlyMap<string, readonly GuaranteeStructure[]>;
  /** Cross-firm facts; built from `histories` when absent. */
  market?: MarketContext;
}

export interface RescoreResult {
  assessments: Assessment[];
  ranking: RankedFirm[];
  features: FeatureVector[];
  hits: RuleHit[][];
}

/**
 * A full re-score of a set of firms as of one date: features, rule packs, one batched model
 * call, the composite and the ranking. Pure given its inputs; the scoring service persists the
 * result and anchors it.
 */
export function rescoreFirms(input: RescoreInput): RescoreResult {
  const market = input.market ?? buildMarketContext(input.histories, input.asOf);
  const features = input.histories.map((h) => computeFeatures(h.market ? h : { ...h, market }, input.asOf));
  // The packs that apply are the same for every firm of a kind: picked once per kind.
  const packsOfKind = new Map<string, { packs: RulePack[]; refs: string[] }>();
  const hits: RuleHit[][] = [];
  const packRefs: string[][] = [];
  input.histories.forEach((h, i) => {
    let applicable = packsOfKind.get(h.firm.kind);
    if (!applicable) {
      const packs = input.packs.filter((p) => packAppliesTo(p, h.firm.kind));
      applicable = { packs, refs: packs.map(packRef) };
      packsOfKind.set(h.firm.kind, applicable);
    }
    const firmHits: RuleHit[] = [];
    for (const p of applicable.packs) for (const hit of evaluatePack(p, features[i])) firmHits.push(hit);
    hits.push(firmHits);
    packRefs.push(applicable.refs);
  });
  const model = input.model ?? null;
  const kinds = input.histories.map((h) => h.firm.kind);
  // One batched pass for all firms, not one per firm; the probabilities come out of the forward
  // half of the gradient pass.
  const scored = model ? model.predictAndExplain(features, input.topContributions ?? 5, kinds) : null;
  const probabilities = scored?.probabilities ?? null;
  const contributions = scored?.contributions ?? null;
  const assessments = input.histories.map((h, i) =>
    assessFirm({
      firmId: h.firm.id,
      asOf: input.asOf,
      hits: hits[i],
      packs: packRefs[i],
      model:
        model && probabilities && contributions
          ? { version: model.version, probability: probabilities[i], topContributions: contributions[i] }
          : null,
      manualScores: input.manualScores?.get(h.firm.id) ?? [],
      propagation: input.propagation?.get(h.firm.id),
      insiderLending: insiderLoans(h, input.asOf, insidersOf(h, input.asOf, h.insiders)),
      guaranteeStructures: input.guaranteeStructures?.get(h.firm.id),
    }),
  );
  return { assessments, ranking: rankFirms(assessments), features, hits };
}
