import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { canSeeRegion } from '../staff/region-scope';
import { AlertsClock } from './alerts-clock';
import {
  AlertNotFound,
  ContingencyTaskAlreadyDone,
  ContingencyTaskForbidden,
  ContingencyTaskNotFound,
} from './alerts.errors';
import type { Actor } from './domain/alert';
import { mayCompleteTask } from './domain/task-completion';
import { BUREAU_WIDE } from './domain/assessment-signal';
import { appendEvents } from './persistence/alert-records';
import type { AlertViewer } from './alert-viewer';
import { isUuid } from '../platform/uuid';

export interface CompletedTask {
  taskId: string;
  title: string;
  status: 'done';
  completedAt: Date;
  completedBy: Actor;
  note: string;
  /** The 'complete_task' alert_events row: the completion's evidence leaf (alert_action). */
  eventId: string;
}

/** 处置任务 of a red alert's contingency plan: completed by their owner or a more senior official, once. */
@Injectable()
export class ContingencyTasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: AlertsClock,
  ) {}

  /**
   * Marks the task done and records who, when and the note as an alert event (an evidence leaf).
   * 404 when the viewer cannot see the alert or it has no such task, 403 when they may not complete
   * it, 409 when it is already done.
   */
  async complete(alertId: string, taskId: string, viewer: AlertViewer, note: string): Promise<CompletedTask> {
    if (!isUuid(alertId)) throw new AlertNotFound(alertId);
    return this.dataSource.transaction(async (m) => {
      // The alert row is locked like an official's step, so its version orders the events.
      const [alert] = await m.query(`SELECT id, firm_id, region_code, version FROM alerts WHERE id = $1 FOR UPDATE`, [
        alertId,
      ]);
      if (!alert || !canSeeRegion(viewer, alert.region_code)) throw new AlertNotFound(alertId);
      const [task] = await m.query(
        `SELECT t.id, t.plan_id, t.task_id, t.title, t.owner_role, t.owner_region_code, t.owner_staff_ids, t.status
           FROM contingency_tasks t JOIN contingency_plans p ON p.id = t.plan_id WHERE p.alert_id = $1 AND t.task_id = $2 FOR UPDATE OF t`,
        [alertId, taskId],
      );
      if (!task) throw new ContingencyTaskNotFound(alertId, taskId);
      if (
        !mayCompleteTask(
          viewer,
          { ownerRole: task.owner_role, ownerRegionCode: task.owner_region_code, ownerStaffIds: task.owner_staff_ids },
          alert.region_code,
        )
      ) {
        throw new ContingencyTaskForbidden(alertId, taskId, viewer.role);
      }
      if (task.status === 'done') throw new ContingencyTaskAlreadyDone(alertId, taskId);

      const at = this.clock.now();
      const actor: Actor = { kind: 'staff', staffId: viewer.id, name: viewer.displayName, role: viewer.role };
      await m.query(`UPDATE contingency_tasks SET status = 'done', completed_at = $2 WHERE id = $1`, [task.id, at]);
      const [eventId] = await appendEvents(m, { id: alertId, firmId: alert.firm_id ?? BUREAU_WIDE }, alert.version, [
        {
          kind: 'action',
          action: 'complete_task',
          actor,
          at,
          reason: note,
          payload: { planId: task.plan_id, taskId: task.task_id, title: task.title },
        },
      ]);
      return {
        taskId: task.task_id,
        title: task.title,
        status: 'done',
        completedAt: at,
        completedBy: actor,
        note,
        eventId,
      };
    });
  }
}
