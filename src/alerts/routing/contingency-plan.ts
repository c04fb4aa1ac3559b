import type { JSONSchemaType } from 'ajv';
import { parseConfigYaml, readAlertsFile } from '../alerts-config-file';
import { AlertsConfigInvalid, ContingencyPlanNotApplicable } from '../alerts.errors';
import type { Alert } from '../domain/alert';
import type { AlertCauseKind } from '../domain/alert-cause';
import { RECIPIENT_ROLES, type RecipientRole } from '../domain/recipient-role';
import { deadlineAfter, type Deadline } from '../policy/deadlines';
import type { WorkingDayCalendar } from '../policy/working-day-calendar';
import { entriesFor, regionAt, type DirectoryEntry, type RoleInRegion } from './staff-directory';

export interface PlanTaskTemplate {
  id: string;
  title: string;
  owner: RoleInRegion;
  due: Deadline;
}

/** 应急预案模板. */
export interface PlanTemplate {
  id: string;
  name: string;
  /** Absent on the fallback template. */
  when?: { causes?: AlertCauseKind[]; ruleIds?: string[] };
  tasks: PlanTaskTemplate[];
}

/** One task of an opened plan (处置任务). */
export interface PlanTask {
  taskId: string;
  title: string;
  ownerRole: RecipientRole;
  ownerRegionCode: string;
  /** Officials holding the owner role there; empty when vacant (someone must assign it). */
  ownerStaffIds: string[];
  dueAt: Date;
  status: 'pending';
}

/** An opened contingency plan (启动应急预案) for one red alert. */
export interface ContingencyPlan {
  alertId: string;
  templateId: string;
  name: string;
  openedAt: Date;
  tasks: PlanTask[];
}

const CAUSE_KINDS: AlertCauseKind[] = ['score_band', 'rule', 'evidence_tampered', 'related_party_propagation'];

const schema: JSONSchemaType<{ templates: PlanTemplate[] }> = {
  type: 'object',
  properties: {
    templates: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string', minLength: 1 },
          when: {
            type: 'object',
            nullable: true,
            properties: {
              causes: { type: 'array', nullable: true, items: { type: 'string', enum: CAUSE_KINDS } },
              ruleIds: { type: 'array', nullable: true, items: { type: 'string' } },
            },
            additionalProperties: false,
          },
          tasks: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              properties: {
                id: { type: 'string', minLength: 1 },
                title: { type: 'string', minLength: 1 },
                owner: {
                  type: 'object',
                  properties: {
                    role: { type: 'string', enum: [...RECIPIENT_ROLES] },
                    level: { type: 'string', enum: ['county', 'city', 'province'] },
                  },
                  required: ['role', 'level'],
                  additionalProperties: false,
                },
                due: {
                  type: 'object',
                  oneOf: [
                    {
                      properties: { hours: { type: 'number', exclusiveMinimum: 0 } },
                      required: ['hours'],
                      additionalProperties: false,
                    },
                    {
                      properties: { workingDays: { type: 'integer', minimum: 1 } },
                      required: ['workingDays'],
                      additionalProperties: false,
                    },
                  ],
                  required: [],
                } as never,
              },
              required: ['id', 'title', 'owner', 'due'],
              additionalProperties: false,
            },
          },
        },
        required: ['id', 'name', 'tasks'],
        additionalProperties: false,
      },
    },
  },
  required: ['templates'],
  additionalProperties: false,
};

export function parsePlanTemplates(yamlText: string, source = 'contingency-plans.yaml'): PlanTemplate[] {
  const { templates } = parseConfigYaml(yamlText, schema, source);
  const fallbacks = templates.filter((t) => !t.when);
  if (fallbacks.length !== 1 || templates[templates.length - 1].when) {
    throw new AlertsConfigInvalid(`${source} needs exactly one template without 'when', listed last`, [
      { pointer: '/templates', detail: 'one fallback template, last' },
    ]);
  }
  return templates;
}

export function loadDefaultPlanTemplates(): PlanTemplate[] {
  return parsePlanTemplates(readAlertsFile('routing/contingency-plans.yaml'));
}

/** The first template matching the alert's cause, else the fallback. */
export function selectTemplate(templates: readonly PlanTemplate[], alert: Pick<Alert, 'cause'>): PlanTemplate {
  const cause = alert.cause;
  const match = templates.find(
    (t) =>
      t.when &&
      (t.when.causes?.includes(cause.kind) || (cause.kind === 'rule' && t.when.ruleIds?.includes(cause.ruleId))),
  );
  return match ?? templates.find((t) => !t.when)!;
}

/** Opens the plan for a red alert: every task with its owners and due time. Pure. */
export function instantiatePlan(
  alert: Alert,
  templates: readonly PlanTemplate[],
  directory: readonly DirectoryEntry[],
  calendar: WorkingDayCalendar,
  at: Date,
): ContingencyPlan {
  if (alert.tier !== 'red')
    throw new ContingencyPlanNotApplicable(
      `alert ${alert.id} is ${alert.tier}; contingency plans open for red alerts only`,
    );
  const template = selectTemplate(templates, alert);
  return {
    alertId: alert.id,
    templateId: template.id,
    name: template.name,
    openedAt: at,
    tasks: template.tasks.map((task) => ({
      taskId: task.id,
      title: task.title,
      ownerRole: task.owner.role,
      ownerRegionCode: regionAt(alert.firmRegionCode, task.owner.level),
      ownerStaffIds: entriesFor(directory, task.owner, alert.firmRegionCode).map((e) => e.id),
      dueAt: deadlineAfter(task.due, at, calendar),
      status: 'pending',
    })),
  };
}
