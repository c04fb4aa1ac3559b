import type { FirmKind } from '../firms/firm.entity';
import type { IsoDate } from '../ingest/schemas/records';
import { computeFeatures } from './features/compute-features';
import type { FirmHistory, MarketContext } from './features/firm-history';
import type { FeatureVector } from './features/feature-vector';
import { buildMarketContext } from './features/market-context';
import { assessFirm, type Assessment, type PropagationFlag } from './grading/composite-score';
import type { ManualScore } from './grading/manual-score';
import { rankFirms, type RankedFirm } from './grading/ranking';
import type { RiskModel } from './model/risk-model';
import { evaluatePackFindings, packAppliesTo, type RuleHit } from './rules/rule-engine';
import { packRef, type RulePack } from './rules/rule-pack';
import type { GuaranteeStructure } from './related-parties/guarantee-circles';
import { insiderLoans, insidersOf, type InsiderLoan } from './related-parties/insider-lending';

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
  /** Per firm, the hits an assessment reads: fired and no data (clear and not-applicable rules are left out). */
  hits: RuleHit[][];
}

/**
 * A full re-score of a set of firms as of one date: features, rule packs, one batched model
 * call, the composite and the ranking. Pure given its inputs; the scoring service persists the
 * result and anchors it.
 */
export function rescoreFirms(input: RescoreInput): RescoreResult {
  const market = input.market ?? buildMarketContext(input.histories, input.asOf);
  const model = input.model ?? null;
  const n = input.histories.length;
  // One pass per firm for its features, rule hits, insider loans and model inputs, while its
  // records and vector are in the CPU cache (the histories of 10,000 firms are not); the model
  // then runs once over the whole batch, not once per firm.
  const features: FeatureVector[] = new Array<FeatureVector>(n);
  const hits: RuleHit[][] = new Array<RuleHit[]>(n);
  const packRefs: string[][] = new Array<string[]>(n);
  const insiderLending: InsiderLoan[][] = new Array<InsiderLoan[]>(n);
  const kinds: FirmKind[] = new Array<FirmKind>(n);
  const x = model?.inputMatrix(n) ?? null;
  // The packs that apply are the same for every firm of a kind: picked once per kind.
  const packsOfKind = new Map<string, { packs: RulePack[]; refs: string[] }>();
  for (let i = 0; i < n; i += 1) {
    const h = input.histories[i];
    const kind = h.firm.kind;
    let applicable = packsOfKind.get(kind);
    if (!applicable) {
      const packs = input.packs.filter((p) => packAppliesTo(p, kind));
      applicable = { packs, refs: packs.map(packRef) };
      packsOfKind.set(kind, applicable);
    }
    const f = computeFeatures(h.market ? h : { ...h, market }, input.asOf);
    const firmHits: RuleHit[] = [];
    for (let j = 0; j < applicable.packs.length; j += 1)
      evaluatePackFindings(applicable.packs[j], applicable.refs[j], f, firmHits);
    if (model && x) model.writeInput(f, kind, x, i);
    features[i] = f;
    hits[i] = firmHits;
    packRefs[i] = applicable.refs;
    kinds[i] = kind;
    insiderLending[i] = insiderLoans(h, input.asOf, insidersOf(h, input.asOf, h.insiders));
  }
  // The probabilities come out of the forward half of the gradient pass.
  const scored = model && x ? model.predictAndExplainInputs(x, features, input.topContributions ?? 5, kinds) : null;
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
      insiderLending: insiderLending[i],
      guaranteeStructures: input.guaranteeStructures?.get(h.firm.id),
    }),
  );
  return { assessments, ranking: rankFirms(assessments), features, hits };
}
