import type { DataSource } from 'typeorm';
import type { IsoDate } from '../../ingest/schemas/records';
import type { FirmHistory, MarketContext } from '../features/firm-history';
import type { ManualScore } from '../grading/manual-score';
import type { ListedAssessment } from '../grading/watch-lists';
import {
  buildGuaranteeGraph,
  guaranteeStructures,
  type GuaranteeStructure,
} from '../related-parties/guarantee-circles';
import { buildOwnershipGraph, type OwnershipGraph } from '../related-parties/ownership-graph';
import type { AssessmentRecord, ListEntryRecord } from './assessment-records';
import type { HistoryLoader, ScoredFirm } from './history-loader';
import {
  latestAssessments,
  listStandings,
  manualScoresOf,
  recentAssessments,
  type LatestAssessment,
} from './scoring-reads';

/** Runs `work` and books its time under load or score. */
export type Timed = <T>(part: 'load' | 'score', work: () => Promise<T> | T) => Promise<T>;

/** What every re-score needs across all firms (综合排名, 关联方风险传导, 互保/联保). */
export interface CrossFirmContext {
  market: MarketContext;
  /** The compact view of every firm's latest assessment: tier, score, grade, rules fired, propagation. */
  latest: Map<string, LatestAssessment>;
  relations: Awaited<ReturnType<HistoryLoader['relations']>>;
  graph: OwnershipGraph;
  /** 互保/联保 circles and chains by the id of each supervised member. */
  circles: Map<string, GuaranteeStructure[]>;
  /** Credit code by firm id (relations.idByCode turned round). */
  codeById: Map<string, string>;
}

/**
 * Where a re-score reads its inputs: straight from the database (DatabaseSources, the full re-score
 * and requests), or from a scoring replica's in-memory state of the firms it owns (FirmStateCache).
 */
export interface ScoringSources {
  firms(ids?: readonly string[]): Promise<ScoredFirm[]>;
  context(asOf: IsoDate, timed: Timed): Promise<CrossFirmContext>;
  histories(firms: readonly ScoredFirm[], asOf: IsoDate): Promise<FirmHistory[]>;
  manualScores(firmIds: readonly string[]): Promise<Map<string, ManualScore[]>>;
  recent(firmIds: readonly string[], n: number): Promise<Map<string, ListedAssessment[]>>;
  standings(firmIds: readonly string[]): Promise<Map<string, boolean>>;
  /** A batch of assessments and list entries has committed. */
  stored?(records: readonly AssessmentRecord[], entries: readonly ListEntryRecord[]): void;
}

/** The cross-firm context read from the database: three reads over every firm, then the graphs. */
export async function loadCrossFirmContext(
  loader: HistoryLoader,
  dataSource: DataSource,
  asOf: IsoDate,
  timed: Timed,
): Promise<CrossFirmContext> {
  const [market, latest, relations, contracts] = await timed('load', () =>
    Promise.all([
      loader.market(asOf),
      latestAssessments(dataSource.manager),
      loader.relations(asOf),
      loader.guaranteeContracts(asOf),
    ]),
  );
  // One ownership graph per run: insiders for 自融 matching, then propagation from red firms.
  const graph = await timed('score', () =>
    buildOwnershipGraph(relations.keyPersons, asOf, relations.names, relations.registry),
  );
  const circles = await timed('score', () => {
    const supervised = new Map(
      [...relations.names].map(([code, name]) => [loader.hashedCode(code), { creditCode: code, name }]),
    );
    const byId = new Map<string, GuaranteeStructure[]>();
    for (const s of guaranteeStructures(buildGuaranteeGraph(contracts, asOf, supervised))) {
      for (const m of s.members) {
        const id = m.firmCreditCode ? relations.idByCode.get(m.firmCreditCode) : undefined;
        if (id) byId.set(id, [...(byId.get(id) ?? []), s]);
      }
    }
    return byId;
  });
  return {
    market,
    latest,
    relations,
    graph,
    circles,
    codeById: new Map([...relations.idByCode].map(([code, id]) => [id, code])),
  };
}

/** Every input read from the database when it is needed (no state kept between re-scores). */
export class DatabaseSources implements ScoringSources {
  constructor(
    private readonly loader: HistoryLoader,
    private readonly dataSource: DataSource,
  ) {}

  firms(ids?: readonly string[]): Promise<ScoredFirm[]> {
    return this.loader.firms(ids);
  }

  context(asOf: IsoDate, timed: Timed): Promise<CrossFirmContext> {
    return loadCrossFirmContext(this.loader, this.dataSource, asOf, timed);
  }

  histories(firms: readonly ScoredFirm[], asOf: IsoDate): Promise<FirmHistory[]> {
    return this.loader.histories(firms, asOf);
  }

  manualScores(firmIds: readonly string[]): Promise<Map<string, ManualScore[]>> {
    return manualScoresOf(this.dataSource.manager, firmIds);
  }

  recent(firmIds: readonly string[], n: number): Promise<Map<string, ListedAssessment[]>> {
    return recentAssessments(this.dataSource.manager, firmIds, n);
  }

  standings(firmIds: readonly string[]): Promise<Map<string, boolean>> {
    return listStandings(this.dataSource.manager, firmIds);
  }
}
