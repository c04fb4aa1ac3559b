import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import type { IsoDate } from '../ingest/schemas/records';
import type { AppConfig } from '../platform/config/config';
import { APP_CONFIG } from '../platform/config/config.module';
import { enqueue } from '../platform/change-feed/change-feed.service';
import { MetricsService } from '../platform/metrics/metrics.service';
import { ASSESSMENT_LISTENER, type AssessedFirm, type AssessmentListener } from './assessment-listener';
import type { AssessmentTrigger } from './entities/assessment.entity';
import type { FirmList } from './entities/firm-list-entry.entity';
import { instantToChinaDate } from './features/dates';
import type { FeatureVector } from './features/feature-vector';
import type { FirmHistory, MarketContext } from './features/firm-history';
import { GRADED_TIERS, type GradedTier } from './grading/alert-tier';
import { assessFirm, type Assessment, type PropagationFlag } from './grading/composite-score';
import type { ManualScore } from './grading/manual-score';
import { rankFirms, ranksOf } from './grading/ranking';
import { blackListDecision, whiteListDecision } from './grading/watch-lists';
import type { RiskModel } from './model/risk-model';
import { ModelRegistry } from './model-registry.service';
import {
  assessmentRecord,
  insertAssessments,
  insertListEntries,
  type AssessmentRecord,
  type ListEntryRecord,
} from './persistence/assessment-records';
import { HistoryLoader, type ScoredFirm } from './persistence/history-loader';
import type { LatestAssessment } from './persistence/scoring-reads';
import { claimInputs } from './persistence/scoring-inputs';
import { DatabaseSources, type ScoringSources } from './persistence/scoring-sources';
import type { GuaranteeStructure } from './related-parties/guarantee-circles';
import { graphInsiders } from './related-parties/insider-lending';
import type { OwnershipGraph } from './related-parties/ownership-graph';
import { propagateRedRisk } from './related-parties/risk-propagation';
import { rescoreFirms } from './rescore';
import type { RuleHit } from './rules/rule-engine';
import type { RulePack } from './rules/rule-pack';
import { RulePacksService } from './rule-packs.service';

export interface RescoreSummary {
  trigger: AssessmentTrigger;
  asOf: IsoDate;
  /** Firms assessed (the requested ones plus firms whose relation to a red firm changed). */
  assessed: number;
  /** Firms in the ranking the stored ranks refer to. */
  ranked: number;
  byTier: Record<GradedTier, number>;
  listChanges: number;
  /** Where the time went, milliseconds. */
  ms: { load: number; score: number; persist: number; notify: number; total: number };
}

interface Scored {
  firm: ScoredFirm;
  assessment: Assessment;
  hits: RuleHit[];
  features: FeatureVector;
  manual: ManualScore[];
}

/** Today's date for the bureau (China Standard Time). */
export const todayInChina = (): IsoDate => instantToChinaDate(new Date().toISOString());

/**
 * The Nest side of scoring: builds histories from ingest_records, runs the pure re-score
 * (rescoreFirms), propagates red risk over the ownership graph, ranks across all firms, decides
 * the white and black lists, and stores assessments and list entries with their evidence leaves -
 * one transaction per batch. Re-scores run one at a time per process.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);
  private queue: Promise<unknown> = Promise.resolve();
  private readonly duration: Histogram<'trigger'>;
  private readonly database: DatabaseSources;

  constructor(
    private readonly dataSource: DataSource,
    private readonly loader: HistoryLoader,
    private readonly packs: RulePacksService,
    private readonly models: ModelRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ASSESSMENT_LISTENER) private readonly listener: AssessmentListener,
    metrics: MetricsService,
  ) {
    this.database = new DatabaseSources(loader, dataSource);
    this.duration = metrics.histogram(
      'scoring_assessment_duration_seconds',
      'Seconds one re-score run took (load, score, persist), by trigger',
      ['trigger'],
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    );
  }

  /** FirmHistory of each firm as of a date, from the current versions of its records. */
  async historyOf(firmIds: readonly string[], asOf: IsoDate = todayInChina()): Promise<FirmHistory[]> {
    return this.loader.histories(await this.loader.firms(firmIds), asOf);
  }

  async rescore(
    firmIds: readonly string[],
    trigger: AssessmentTrigger = 'request',
    asOf?: IsoDate,
  ): Promise<RescoreSummary> {
    return this.exclusive(async () => this.run(await this.loader.firms([...new Set(firmIds)]), false, trigger, asOf));
  }

  /** Every licensed or suspended firm. */
  async rescoreAll(trigger: AssessmentTrigger = 'full', asOf?: IsoDate): Promise<RescoreSummary> {
    return this.exclusive(async () => this.run(await this.loader.firms(), true, trigger, asOf));
  }

  /**
   * Re-scores the firms of a batch of "firm changed" events from a replica's in-memory state. Each
   * firm's assessment is stored only if no assessment took in its change (`inputs`: firm id -> change
   * id) before, checked in the storing transaction: a change delivered twice is scored once.
   * Firms outside the batch whose relation to a red firm changed get a change event of their own,
   * for the replica that owns them.
   */
  async rescoreChanges(
    inputs: ReadonlyMap<string, number>,
    sources: ScoringSources,
    asOf?: IsoDate,
  ): Promise<RescoreSummary> {
    return this.exclusive(async () =>
      this.run(await sources.firms([...inputs.keys()]), false, 'ingest', asOf, { sources, inputs }),
    );
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run(
    firms: ScoredFirm[],
    full: boolean,
    trigger: AssessmentTrigger,
    asOfGiven?: IsoDate,
    partitioned?: { sources: ScoringSources; inputs: ReadonlyMap<string, number> },
  ): Promise<RescoreSummary> {
    const src: ScoringSources = partitioned?.sources ?? this.database;
    const started = performance.now();
    const ms = { load: 0, score: 0, persist: 0, notify: 0, total: 0 };
    const timed = async <T>(part: 'load' | 'score' | 'persist' | 'notify', work: () => Promise<T> | T): Promise<T> => {
      const t = performance.now();
      try {
        return await work();
      } finally {
        ms[part] += performance.now() - t;
      }
    };
    const asOf = asOfGiven ?? todayInChina();
    const assessedAt = new Date();
    const [[packs, model], { market, latest, relations, graph, circles, codeById }] = await Promise.all([
      timed('load', () => Promise.all([this.packs.activePacks(), this.models.active()])),
      src.context(asOf, timed),
    ]);
    const batch = this.config.scoring.batchSize;

    // Pass 1: rules, model and composite, batch by batch.
    const scored: Scored[] = [];
    for (let i = 0; i < firms.length; i += batch) {
      scored.push(
        ...(await this.score(
          src,
          firms.slice(i, i + batch),
          asOf,
          packs,
          model,
          market,
          graph,
          circles,
          undefined,
          timed,
        )),
      );
      if (full && firms.length > batch)
        this.logger.log(`full re-score: scored ${Math.min(i + batch, firms.length)} of ${firms.length} firms`);
    }

    // Related-party propagation from every red firm (this run's and the stored ones).
    const flags = await timed('score', () => {
      const inRun = new Set(scored.map((s) => s.firm.id));
      const red = [
        ...scored.filter((s) => s.assessment.tier === 'red').map((s) => s.firm.creditCode),
        ...[...latest.values()]
          .filter((l) => !inRun.has(l.firmId) && l.tier === 'red')
          .map((l) => codeById.get(l.firmId)!),
      ];
      const byCode = propagateRedRisk(graph, red);
      const byId = new Map<string, PropagationFlag[]>();
      for (const [code, f] of byCode) if (relations.idByCode.has(code)) byId.set(relations.idByCode.get(code)!, f);
      for (const s of scored) {
        const f = byId.get(s.firm.id);
        if (f) s.assessment = reassess(s, f);
      }
      return byId;
    });
    let propagateTo: string[] = [];
    if (!full) {
      // Firms outside this run whose relation to a red firm appeared or went away are re-scored too:
      // here, or (partitioned) by the replica that owns them, told through the change feed.
      const inRun = new Set(scored.map((s) => s.firm.id));
      const sources = (list: readonly PropagationFlag[] | undefined) =>
        [...new Set((list ?? []).map((f) => f.fromFirm))].sort().join(',');
      const changed = [
        ...new Set([
          ...flags.keys(),
          ...[...latest.values()].filter((l) => l.propagation.length > 0).map((l) => l.firmId),
        ]),
      ].filter((id) => !inRun.has(id) && sources(flags.get(id)) !== sources(latest.get(id)?.propagation));
      if (partitioned) propagateTo = changed;
      else if (changed.length > 0)
        scored.push(
          ...(await this.score(
            src,
            await timed('load', () => this.loader.firms(changed)),
            asOf,
            packs,
            model,
            market,
            graph,
            circles,
            flags,
            timed,
          )),
        );
    }

    // 综合排名 across all firms: this run's assessments and the latest stored ones of the others.
    const inRun = new Map(scored.map((s) => [s.firm.id, s.assessment]));
    const others = full ? [] : [...latest.values()].filter((l) => !inRun.has(l.firmId));
    const pool = { size: others.length + inRun.size, values: () => [...others, ...inRun.values()] };
    // A few firms among many (an incremental re-score) are ranked by counting who is ahead, not by sorting all.
    const ranking = await timed('score', () =>
      scored.length <= 32
        ? ranksOf(pool.values(), [...inRun.values()])
        : new Map(rankFirms(pool.values()).map((r) => [r.firmId, r.rank])),
    );

    let listChanges = 0;
    const byTier = Object.fromEntries(GRADED_TIERS.map((t) => [t, 0])) as Record<GradedTier, number>;
    for (let i = 0; i < scored.length; i += batch) {
      const chunk = scored.slice(i, i + batch);
      const ids = chunk.map((s) => s.firm.id);
      const [recent, standings] = await timed('load', () => Promise.all([src.recent(ids, 3), src.standings(ids)]));
      const computed = await timed('score', () => {
        const records = chunk.map((s) =>
          assessmentRecord(s.assessment, s.features, {
            id: randomUUID(),
            assessedAt,
            rank: ranking.get(s.firm.id)!,
            rankedFirms: pool.size,
            trigger,
          }),
        );
        const entries = records.flatMap((r, j) =>
          listEntries(r, chunk[j].assessment, recent.get(r.firmId) ?? [], standings, assessedAt),
        );
        return { records, entries };
      });
      let { records, entries } = computed;
      let assessed: AssessedFirm[] = [];
      await timed('persist', () =>
        this.dataSource.transaction(async (tm) => {
          if (partitioned) {
            // Only firms whose change no stored assessment has taken in yet (a redelivered change is scored once).
            const fresh = await claimInputs(
              tm,
              ids.flatMap((id) => (partitioned.inputs.has(id) ? [[id, partitioned.inputs.get(id)!] as const] : [])),
            );
            const keep = (firmId: string) => !partitioned.inputs.has(firmId) || fresh.has(firmId);
            records = records.filter((r) => keep(r.firmId));
            entries = entries.filter((e) => keep(e.firmId));
            if (i === 0)
              await enqueue(
                tm,
                'firm-changes',
                propagateTo.map((firmId) => ({ firmId, payload: { firmId, records: [], reason: 'propagation' } })),
              );
          }
          await insertAssessments(tm, records);
          await insertListEntries(tm, entries);
          assessed = records.map((record) => ({
            record,
            previous: latest.get(record.firmId) ?? null,
            firmIdByCode: relations.idByCode,
          }));
          await this.listener.inTransaction?.(tm, assessed);
        }),
      );
      src.stored?.(records, entries);
      listChanges += entries.length;
      for (const r of records) byTier[r.tier] += 1;
      await timed('notify', () => this.listener.onAssessments(assessed));
    }
    ms.total = performance.now() - started;
    this.duration.observe({ trigger }, ms.total / 1000);
    if (full)
      this.logger.log(
        `full re-score of ${scored.length} firms as of ${asOf} in ${ms.total.toFixed(0)} ms (red ${byTier.red}, orange ${byTier.orange}, list changes ${listChanges})`,
      );
    return { trigger, asOf, assessed: scored.length, ranked: pool.size, byTier, listChanges, ms };
  }

  private async score(
    src: ScoringSources,
    firms: ScoredFirm[],
    asOf: IsoDate,
    packs: RulePack[],
    model: RiskModel | null,
    market: MarketContext,
    graph: OwnershipGraph,
    guaranteeStructures: ReadonlyMap<string, readonly GuaranteeStructure[]>,
    propagation: ReadonlyMap<string, readonly PropagationFlag[]> | undefined,
    timed: <T>(part: 'load' | 'score', work: () => Promise<T> | T) => Promise<T>,
  ): Promise<Scored[]> {
    if (firms.length === 0) return [];
    const ids = firms.map((f) => f.id);
    const [histories, manual] = await timed('load', () =>
      Promise.all([src.histories(firms, asOf), src.manualScores(ids)]),
    );
    return timed('score', () => {
      for (const h of histories)
        h.insiders = graphInsiders(graph, h.firm.creditCode, (code) => this.loader.hashedCode(code));
      const result = rescoreFirms({
        histories,
        asOf,
        packs,
        model,
        market,
        manualScores: manual,
        propagation,
        guaranteeStructures,
      });
      return firms.map((firm, i) => ({
        firm,
        assessment: result.assessments[i],
        hits: result.hits[i],
        features: result.features[i],
        manual: manual.get(firm.id) ?? [],
      }));
    });
  }
}

/** The same assessment with propagation flags (no new features, rules or model pass). */
function reassess(s: Scored, propagation: PropagationFlag[]): Assessment {
  const a = s.assessment;
  return assessFirm({
    firmId: a.firmId,
    asOf: a.asOf,
    hits: s.hits,
    packs: a.packs,
    model: a.explanation.model,
    manualScores: s.manual,
    propagation,
    insiderLending: a.explanation.insiderLending,
    guaranteeStructures: a.explanation.guaranteeStructures,
  });
}

/** A list row only when the firm's standing on a list changes (entering, or leaving, with reasons). */
function listEntries(
  record: AssessmentRecord,
  a: Assessment,
  recent: LatestAssessmentHistory,
  standings: ReadonlyMap<string, boolean>,
  at: Date,
): ListEntryRecord[] {
  const history = [...recent, a];
  const decisions: Array<[FirmList, { listed: boolean; reasons: string[] }]> = [
    ['white', whiteListDecision(history)],
    ['black', blackListDecision(history, [], a.asOf)],
  ];
  return decisions
    .filter(([list, d]) => (standings.get(`${record.firmId}|${list}`) ?? false) !== d.listed)
    .map(([list, d]) => ({
      id: randomUUID(),
      firmId: record.firmId,
      list,
      listed: d.listed,
      reasons: d.reasons,
      assessmentId: record.id,
      decidedAt: at.toISOString(),
    }));
}

type LatestAssessmentHistory = Parameters<typeof whiteListDecision>[0];
export type { LatestAssessment };
