import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CourtEvent, IsoDate, RegistryEvent } from '../../ingest/schemas/records';
import { ValidationFailed } from '../../platform/errors/domain-error';
import { instantToChinaDate } from '../features/dates';
import {
  courtOutcomes,
  licenceOutcome,
  OUTCOME_LABELS,
  OUTCOME_TYPES,
  registryOutcome,
  type FirmOutcome,
  type OutcomeType,
} from './outcome';

export interface NewOfficialOutcome {
  outcome: OutcomeType;
  occurredOn: IsoDate;
  note: string;
}

export type StoredOutcome = FirmOutcome & { id: string; recordedBy: string | null; recordedAt: string };

const COLUMNS = `id, firm_id AS "firmId", outcome, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn", source, source_ref AS "sourceRef", detail,
                 recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/**
 * 结局 (outcomes): filled from the registry and court feeds and the bureau's licence changes by
 * refresh() (idempotent: one row per firm, outcome, source and source event), and by officials.
 */
@Injectable()
export class OutcomesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Derive outcomes from everything stored so far; returns how many were new. */
  async refreshFromFeeds(): Promise<number> {
    const [registry, court, licences] = await Promise.all([
      this.dataSource.query(
        `SELECT DISTINCT ON (firm_id, business_key) firm_id, payload FROM ingest_records
          WHERE kind = 'registry_event' AND payload ->> 'type' = 'deregistration' ORDER BY firm_id, business_key, version DESC`,
      ) as Promise<Array<{ firm_id: string; payload: RegistryEvent }>>,
      this.dataSource.query(
        `SELECT DISTINCT ON (firm_id, business_key) firm_id, payload FROM ingest_records
          WHERE kind = 'court_event' AND payload ->> 'type' = 'lawsuit' AND payload ->> 'plaintiffRole' = 'lender'
          ORDER BY firm_id, business_key, version DESC`,
      ) as Promise<Array<{ firm_id: string; payload: CourtEvent }>>,
      this.dataSource.query(
        `SELECT id, firm_id, to_status::text AS "toStatus", changed_at FROM licence_status_history`,
      ) as Promise<Array<{ id: string; firm_id: string; toStatus: string; changed_at: Date }>>,
    ]);
    const suitsByFirm = new Map<string, CourtEvent[]>();
    for (const r of court) suitsByFirm.set(r.firm_id, [...(suitsByFirm.get(r.firm_id) ?? []), r.payload]);
    const outcomes = [
      ...registry.map((r) => registryOutcome(r.firm_id, r.payload)),
      ...[...suitsByFirm].flatMap(([firmId, events]) => courtOutcomes(firmId, events)),
      ...licences.map((l) =>
        licenceOutcome(l.firm_id, {
          id: l.id,
          toStatus: l.toStatus,
          changedOn: instantToChinaDate(new Date(l.changed_at).toISOString()),
        }),
      ),
    ].filter((o): o is FirmOutcome => o !== null);
    return this.dataSource.transaction((m) => insertOutcomes(m, outcomes, null));
  }

  /** An official's finding of an outcome (e.g. 立案 learnt from the police, 停止兑付 seen on site). */
  async recordOfficial(
    firmId: string,
    staffId: string,
    input: NewOfficialOutcome,
    today: IsoDate,
  ): Promise<StoredOutcome> {
    const problems = [];
    if (!OUTCOME_TYPES.includes(input.outcome))
      problems.push({ pointer: '/outcome', detail: `must be one of ${OUTCOME_TYPES.join(', ')}` });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.occurredOn ?? '') || Number.isNaN(Date.parse(input.occurredOn)))
      problems.push({ pointer: '/occurredOn', detail: 'must be a date YYYY-MM-DD' });
    else if (input.occurredOn > today)
      problems.push({
        pointer: '/occurredOn',
        detail: `is after today (${today}); an outcome is recorded once it happened`,
      });
    if (typeof input.note !== 'string' || !input.note.trim() || input.note.length > 2000)
      problems.push({ pointer: '/note', detail: 'must say how the outcome is known (1-2000 characters)' });
    if (problems.length) throw new ValidationFailed('the outcome is invalid', problems);
    const outcome: FirmOutcome = {
      firmId,
      outcome: input.outcome,
      occurredOn: input.occurredOn,
      source: 'official',
      sourceRef: randomUUID(),
      detail: `${OUTCOME_LABELS[input.outcome]}: ${input.note.trim()}`,
    };
    await this.dataSource.transaction((m) => insertOutcomes(m, [outcome], staffId));
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM firm_outcomes WHERE firm_id = $1 AND source_ref = $2`,
      [firmId, outcome.sourceRef],
    );
    return row as StoredOutcome;
  }

  async ofFirm(firmId: string): Promise<StoredOutcome[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM firm_outcomes WHERE firm_id = $1 ORDER BY occurred_on, recorded_at`,
      [firmId],
    );
  }

  /** Every outcome known on or before `until` (all when omitted). */
  async all(until?: IsoDate): Promise<Array<Pick<FirmOutcome, 'firmId' | 'outcome' | 'occurredOn'>>> {
    return this.dataSource.query(
      `SELECT firm_id AS "firmId", outcome, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn" FROM firm_outcomes ${until ? 'WHERE occurred_on <= $1' : ''} ORDER BY occurred_on`,
      until ? [until] : [],
    );
  }
}

/** Insert outcomes, skipping those already stored from the same source event; returns how many were new. */
export async function insertOutcomes(
  m: EntityManager,
  outcomes: readonly FirmOutcome[],
  recordedBy: string | null,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < outcomes.length; i += 500) {
    const chunk = outcomes.slice(i, i + 500);
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO firm_outcomes (id, firm_id, outcome, occurred_on, source, source_ref, detail, recorded_by)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::uuid[])
       ON CONFLICT ("firm_id", "outcome", "source", "source_ref") DO NOTHING RETURNING id`,
      [
        chunk.map(() => randomUUID()),
        chunk.map((o) => o.firmId),
        chunk.map((o) => o.outcome),
        chunk.map((o) => o.occurredOn),
        chunk.map((o) => o.source),
        chunk.map((o) => o.sourceRef),
        chunk.map((o) => o.detail),
        chunk.map(() => recordedBy),
      ],
    );
    added += rows.length;
  }
  return added;
}
