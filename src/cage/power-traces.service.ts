import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendLeaves, type NewLeaf } from '../evidence-chain/log/evidence-appender';
import { LICENCE_CHANGE_COLUMNS, POWER_TRACE_COLUMNS, traceRowHash } from './persistence/power-trace-records';
import type { PowerDefinition } from './power-list/power-list';
import type { TargetState } from './power-targets';

/** Who exercised (or approved) a power, as their verified token says. */
export interface PowerActor {
  id: string;
  displayName: string;
  role: string;
  regionCode: string;
}

/** 一次行权: one exercise of a declared power, with what it changed. */
export interface PowerExercise {
  power: PowerDefinition;
  listVersion: number;
  actor: PowerActor;
  approver: PowerActor | null;
  reason: string | null;
  before: TargetState;
  after: TargetState;
  request: { method: string; path: string };
  at: Date;
}

/** 处处留痕: writes one trace per exercise, its evidence leaf, and the licence history it implies, together. */
@Injectable()
export class PowerTracesService {
  constructor(private readonly dataSource: DataSource) {}

  async record(ex: PowerExercise): Promise<string> {
    const id = randomUUID();
    const firmId = ex.after.firmId ?? ex.before.firmId;
    const dueAt =
      ex.power.timeLimitHours === null ? null : new Date(ex.at.getTime() + ex.power.timeLimitHours * 3_600_000);
    await this.dataSource.transaction(async (m) => {
      const [row]: Array<Record<string, unknown>> = await m.query(
        `INSERT INTO power_traces (id, power_id, power_list_version, actor_id, actor_name, actor_role, actor_region, approver_id, approver_name, approver_role,
                                   target_kind, target_id, firm_id, before, after, reason, method, path, exercised_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::jsonb, $16, $17, $18, $19, $20)
         RETURNING ${POWER_TRACE_COLUMNS}`,
        [
          id,
          ex.power.id,
          ex.listVersion,
          ex.actor.id,
          ex.actor.displayName,
          ex.actor.role,
          ex.actor.regionCode,
          ex.approver?.id ?? null,
          ex.approver?.displayName ?? null,
          ex.approver?.role ?? null,
          ex.power.target,
          ex.after.targetId ?? ex.before.targetId,
          firmId,
          json(ex.before.state),
          json(ex.after.state),
          ex.reason,
          ex.request.method,
          ex.request.path.split('?')[0],
          ex.at,
          dueAt,
        ],
      );
      const leaves: NewLeaf[] = [{ kind: 'power_exercise', recordId: id, contentHash: traceRowHash(row), firmId }];
      const from = licenceOf(ex.before.state);
      const to = licenceOf(ex.after.state);
      if (ex.power.target === 'firm_licence' && firmId && from && to && from !== to) {
        const [history]: Array<Record<string, unknown>> = await m.query(
          `INSERT INTO licence_status_history (id, firm_id, from_status, to_status, changed_at, trace_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${LICENCE_CHANGE_COLUMNS}`,
          [randomUUID(), firmId, from, to, ex.at, id],
        );
        leaves.push({
          kind: 'licence_change',
          recordId: history.id as string,
          contentHash: traceRowHash(history),
          firmId,
        });
      }
      await appendLeaves(m, leaves);
    });
    return id;
  }
}

function json(state: unknown): string | null {
  return state === null || state === undefined ? null : JSON.stringify(state);
}

function licenceOf(state: unknown): string | undefined {
  return (state as { licenceStatus?: string } | null)?.licenceStatus;
}
