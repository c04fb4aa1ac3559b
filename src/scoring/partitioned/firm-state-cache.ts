import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IsoDate } from '../../ingest/schemas/records';
import type { FirmList } from '../entities/firm-list-entry.entity';
import { isoDaysBefore } from '../features/dates';
import type { FirmHistory } from '../features/firm-history';
import type { ManualScore } from '../grading/manual-score';
import type { ListedAssessment } from '../grading/watch-lists';
import type { AssessmentRecord, ListEntryRecord } from '../persistence/assessment-records';
import { HISTORY_DAYS, type HistoryLoader, type ScoredFirm } from '../persistence/history-loader';
import { appliedInputs } from '../persistence/scoring-inputs';
import {
  latestAssessments,
  listStandings,
  manualScoresOf,
  recentAssessments,
  type LatestAssessment,
} from '../persistence/scoring-reads';
import {
  loadCrossFirmContext,
  type CrossFirmContext,
  type ScoringSources,
  type Timed,
} from '../persistence/scoring-sources';
import { FirmRecords, type RecordVersion } from './firm-records';

/** What a replica keeps of one firm it owns. */
interface FirmState {
  firm: ScoredFirm;
  records: FirmRecords;
  /** Id of the latest stored assessment: another writer (full re-score, a request) is noticed by it. */
  latestId: string | null;
  latest: LatestAssessment | null;
  /** The last three assessments, oldest first (白名单/黑名单). */
  recent: ListedAssessment[];
  standings: Map<FirmList, boolean>;
  /** Newest change a stored assessment has taken in. */
  applied: number;
}

interface RecordRow {
  firm_id: string;
  kind: string;
  business_key: string;
  version: number;
  as_of: IsoDate;
  payload: Record<string, unknown>;
  received_at: Date;
}

const LOAD_BATCH = 500;
const CROSS_FIRM_KINDS = new Set(['key_persons', 'registry_event', 'contract', 'p2p_report', 'court_event']);
const RECORD_COLUMNS = `firm_id, kind, business_key, version, to_char(as_of, 'YYYY-MM-DD') AS as_of, payload, received_at`;
// Loaded a little further back than the feature windows, so the window moving on by a day needs no reload.
const SLACK_DAYS = 60;

/**
 * A scoring replica's memory of the firms its partitions hold: their records (history windows and
 * key persons), latest assessments, list standings and the newest change scored, loaded when the
 * partitions are assigned and refreshed from what changed - the records a change names, by id.
 * Also the cross-firm context (market, ownership graph, circles, every firm's latest assessment),
 * read from the database's compact view every SCORING_CONTEXT_REFRESH_MS and kept up to date for
 * this replica's own firms in between; a change carrying records that feed it (key persons, registry
 * holdings, contracts, P2P reports, court events) starts a refresh at once, in the background, so
 * those cross-firm facts lag by one read of the database, never block a re-score. Manual scores and 查实事项 are read per re-score (one
 * indexed query each, for the firms re-scored only): they change through the API, not the feed.
 */
export class FirmStateCache implements ScoringSources {
  private readonly logger = new Logger(FirmStateCache.name);
  private readonly states = new Map<string, FirmState>();
  private readonly loading = new Map<string, Promise<void>>();
  private owned: ((firm: { creditCode: string }) => boolean) | null = null;
  private ctx: { asOf: IsoDate; at: number; value: CrossFirmContext } | null = null;
  private refreshing: Promise<CrossFirmContext> | null = null;
  private contextStale = false;
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly loader: HistoryLoader,
    private readonly refreshMs: number,
  ) {}

  get size(): number {
    return this.states.size;
  }

  /**
   * The replica now owns the firms `owns` accepts: the others are forgotten, the owned ones loaded
   * in the background (a change for a firm not loaded yet loads it first).
   */
  retain(owns: (firm: { creditCode: string }) => boolean, afresh = false): Promise<void> {
    this.owned = owns;
    const generation = ++this.generation;
    for (const [id, s] of this.states) if (afresh || !owns(s.firm)) this.states.delete(id);
    return this.loader.firms().then(async (firms) => {
      const missing = firms.filter((f) => owns(f) && !this.states.has(f.id)).map((f) => f.id);
      for (let i = 0; i < missing.length && generation === this.generation; i += LOAD_BATCH)
        await this.ensure(missing.slice(i, i + LOAD_BATCH), generation);
      this.logger.log(`holding ${this.states.size} firms`);
    });
  }

  /**
   * Loads the firms not in memory yet. A preload (`generation` given) that an assignment made since
   * has overtaken keeps only the firms still owned; a change's firms are always kept.
   */
  async ensure(firmIds: readonly string[], generation?: number): Promise<void> {
    const waits: Array<Promise<void>> = [];
    const missing: string[] = [];
    for (const id of new Set(firmIds)) {
      if (this.states.has(id)) continue;
      const inFlight = this.loading.get(id);
      if (inFlight) waits.push(inFlight);
      else missing.push(id);
    }
    if (missing.length) {
      const load = this.load(missing, generation).finally(() => missing.forEach((id) => this.loading.delete(id)));
      for (const id of missing) this.loading.set(id, load);
      waits.push(load);
    }
    await Promise.all(waits);
  }

  /** Newest change already scored for the firm (0 when none or not loaded). */
  applied(firmId: string): number {
    return this.states.get(firmId)?.applied ?? 0;
  }

  /**
   * Brings loaded firms up to date before a re-score: the records the changes name (by id) and,
   * where another writer stored an assessment since, that firm's assessment state.
   */
  async refresh(firmIds: readonly string[], recordIds: readonly string[]): Promise<void> {
    const m = this.dataSource.manager;
    const [rows, latestIds] = await Promise.all([
      recordIds.length
        ? (m.query(`SELECT ${RECORD_COLUMNS} FROM ingest_records WHERE id = ANY($1::uuid[])`, [recordIds]) as Promise<
            RecordRow[]
          >)
        : Promise.resolve([]),
      this.latestIds(firmIds),
    ]);
    for (const row of rows) this.states.get(row.firm_id)?.records.add(toVersion(row));
    // Records other firms' scores read too (ownership, guarantee circles, market): refresh the context soon.
    if (rows.some((r) => CROSS_FIRM_KINDS.has(r.kind)) && this.ctx) this.ctx.at = 0;
    const moved = firmIds.filter(
      (id) => this.states.has(id) && (latestIds.get(id) ?? null) !== this.states.get(id)!.latestId,
    );
    if (moved.length) await this.loadAssessments(moved, latestIds);
  }

  /** Re-read the cross-firm context before the next re-score (a related firm turned red elsewhere). */
  invalidateContext(): void {
    this.contextStale = true;
  }

  // --- ScoringSources

  async firms(ids?: readonly string[]): Promise<ScoredFirm[]> {
    if (!ids) return [...this.states.values()].map((s) => s.firm);
    await this.ensure(ids);
    return ids.flatMap((id) => (this.states.has(id) ? [this.states.get(id)!.firm] : []));
  }

  async context(asOf: IsoDate, timed: Timed): Promise<CrossFirmContext> {
    const current = this.ctx;
    if (!current || current.asOf !== asOf || this.contextStale) return this.readContext(asOf, timed);
    if (Date.now() - current.at > this.refreshMs && !this.refreshing) {
      // Served as it is while a fresh copy is read in the background.
      void this.readContext(asOf, (_part, work) => Promise.resolve(work())).catch((error: unknown) =>
        this.logger.warn(`context refresh failed: ${(error as Error).message}`),
      );
    }
    return current.value;
  }

  async histories(firms: readonly ScoredFirm[], asOf: IsoDate): Promise<FirmHistory[]> {
    await this.ensure(firms.map((f) => f.id));
    const findings = await this.loader.findings(
      firms.map((f) => f.id),
      asOf,
    );
    const histories = firms.map((f) => this.states.get(f.id)!.records.history(f, asOf));
    const byId = new Map(histories.map((h) => [h.firm.id, h]));
    for (const { firmId, ...finding } of findings) byId.get(firmId)?.findings.push(finding);
    return histories;
  }

  manualScores(firmIds: readonly string[]): Promise<Map<string, ManualScore[]>> {
    return manualScoresOf(this.dataSource.manager, firmIds);
  }

  async recent(firmIds: readonly string[], n: number): Promise<Map<string, ListedAssessment[]>> {
    return new Map(
      firmIds.flatMap((id) => (this.states.has(id) ? [[id, this.states.get(id)!.recent.slice(-n)] as const] : [])),
    );
  }

  async standings(firmIds: readonly string[]): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    for (const id of firmIds)
      for (const [list, listed] of this.states.get(id)?.standings ?? []) out.set(`${id}|${list}`, listed);
    return out;
  }

  stored(records: readonly AssessmentRecord[], entries: readonly ListEntryRecord[]): void {
    for (const r of records) {
      const s = this.states.get(r.firmId);
      const latest = asLatest(r);
      this.ctx?.value.latest.set(r.firmId, latest);
      if (!s) continue;
      s.latestId = r.id;
      s.latest = latest;
      s.recent = [
        ...s.recent,
        { asOf: r.asOf, tier: r.tier, grade: r.grade, explanation: { rulesFired: r.explanation.rulesFired } },
      ]
        .sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0))
        .slice(-3);
    }
    for (const e of entries) this.states.get(e.firmId)?.standings.set(e.list, e.listed);
  }

  /** Records that a change was scored (its assessment stored now or before). */
  markApplied(firmId: string, changeId: number): void {
    const s = this.states.get(firmId);
    if (s && s.applied < changeId) s.applied = changeId;
  }

  // --- loading

  private readContext(asOf: IsoDate, timed: Timed): Promise<CrossFirmContext> {
    this.refreshing ??= (async () => {
      this.contextStale = false;
      const at = Date.now();
      const value = await loadCrossFirmContext(this.loader, this.dataSource, asOf, timed);
      // Own firms' latest assessments as this replica stored them (the read may predate a commit).
      for (const s of this.states.values()) if (s.latest) value.latest.set(s.firm.id, s.latest);
      this.ctx = { asOf, at, value };
      return value;
    })().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(firmIds: readonly string[], generation?: number): Promise<void> {
    const m = this.dataSource.manager;
    const since = isoDaysBefore(new Date().toISOString().slice(0, 10), HISTORY_DAYS + SLACK_DAYS);
    const [firms, rows, latestIds, applied] = await Promise.all([
      this.loader.firms(firmIds),
      m.query(
        `SELECT ${RECORD_COLUMNS} FROM ingest_records WHERE firm_id = ANY($1::uuid[]) AND (kind = 'key_persons' OR as_of > $2)`,
        [firmIds, since],
      ) as Promise<RecordRow[]>,
      this.latestIds(firmIds),
      appliedInputs(m, firmIds),
    ]);
    const fresh = new Map<string, FirmState>();
    for (const firm of firms) {
      if (generation !== undefined && generation !== this.generation && this.owned && !this.owned(firm)) continue; // the assignment moved on meanwhile
      fresh.set(firm.id, {
        firm,
        records: new FirmRecords(),
        latestId: null,
        latest: null,
        recent: [],
        standings: new Map(),
        applied: applied.get(firm.id) ?? 0,
      });
    }
    for (const row of rows) fresh.get(row.firm_id)?.records.add(toVersion(row));
    for (const [id, s] of fresh) this.states.set(id, s);
    await this.loadAssessments([...fresh.keys()], latestIds);
  }

  private async loadAssessments(firmIds: readonly string[], latestIds: ReadonlyMap<string, string>): Promise<void> {
    if (!firmIds.length) return;
    const m = this.dataSource.manager;
    const [latest, recent, standings] = await Promise.all([
      latestAssessments(m, firmIds),
      recentAssessments(m, firmIds, 3),
      listStandings(m, firmIds),
    ]);
    for (const id of firmIds) {
      const s = this.states.get(id);
      if (!s) continue;
      s.latestId = latestIds.get(id) ?? null;
      s.latest = latest.get(id) ?? null;
      s.recent = recent.get(id) ?? [];
      s.standings = new Map(
        (['white', 'black'] as const).flatMap((list) =>
          standings.has(`${id}|${list}`) ? [[list, standings.get(`${id}|${list}`)!] as const] : [],
        ),
      );
      if (s.latest) this.ctx?.value.latest.set(id, s.latest);
    }
  }

  private async latestIds(firmIds: readonly string[]): Promise<Map<string, string>> {
    if (!firmIds.length) return new Map();
    const rows: Array<{ firm_id: string; id: string }> = await this.dataSource.query(
      `SELECT f.id AS firm_id, l.id FROM unnest($1::uuid[]) AS f(id)
        CROSS JOIN LATERAL (SELECT a.id FROM assessments a WHERE a.firm_id = f.id ORDER BY a.as_of DESC, a.assessed_at DESC LIMIT 1) l`,
      [firmIds],
    );
    return new Map(rows.map((r) => [r.firm_id, r.id]));
  }
}

function toVersion(row: RecordRow): RecordVersion {
  return {
    kind: row.kind,
    businessKey: row.business_key,
    version: row.version,
    asOf: row.as_of,
    payload: row.payload,
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

function asLatest(r: AssessmentRecord): LatestAssessment {
  return {
    firmId: r.firmId,
    asOf: r.asOf,
    tier: r.tier,
    riskScore: Number(r.riskScore),
    grade: r.grade,
    rulesFired: r.explanation.rulesFired,
    propagation: r.explanation.propagation,
  };
}
