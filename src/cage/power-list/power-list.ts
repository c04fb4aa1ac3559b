import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { schemaCheck } from '../../platform/validation/schema-check';
import { STAFF_ROLES, type StaffRole } from '../../staff/staff-role';
import { PowerListInvalid } from '../cage.errors';

/** What a power's trace reads before and after it is exercised (src/cage/power-targets.ts). */
export const POWER_TARGETS = [
  'none',
  'firm_licence',
  'firm_manual_scores',
  'firm_findings',
  'finding',
  'alert',
  'contingency_task',
  'rule_pack_activation',
  'firm_api_keys',
  'agency_api_keys',
  'staff',
] as const;
export type PowerTarget = (typeof POWER_TARGETS)[number];

/** 权力事项: one power of the catalogue. */
export interface PowerDefinition {
  id: string;
  /** exercise: changes supervisory data, one evidence leaf each; read: a look at data, in the access log. */
  kind?: 'exercise' | 'read';
  title: { zh: string; en: string };
  /** 法律依据 */
  basis: string;
  roles: StaffRole[];
  target: PowerTarget;
  /** 理由 */
  reason: 'required' | 'optional';
  reasonFrom: string;
  /** 复核人: a second official who signs the exercise with their own token. */
  secondApprover: { required: boolean; roles?: StaffRole[] };
  /** 办理时限 in hours, null when the power has none. */
  timeLimitHours: number | null;
}

/** 权力清单 */
export interface PowerList {
  catalogue: 'power_list';
  version: number;
  title: { zh: string; en: string };
  powers: PowerDefinition[];
}

const TITLE = {
  type: 'object',
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  required: ['zh', 'en'],
  additionalProperties: false,
} as const;
const ROLES = { type: 'array', items: { type: 'string', enum: [...STAFF_ROLES] }, minItems: 1 } as const;

const SCHEMA = {
  type: 'object',
  properties: {
    catalogue: { type: 'string', const: 'power_list' },
    version: { type: 'integer', minimum: 1 },
    title: TITLE,
    powers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: '^[a-z_]+\\.[a-z_]+$' },
          kind: { type: 'string', enum: ['exercise', 'read'], nullable: true },
          title: TITLE,
          basis: { type: 'string', minLength: 1 },
          roles: ROLES,
          target: { type: 'string', enum: [...POWER_TARGETS] },
          reason: { type: 'string', enum: ['required', 'optional'] },
          reasonFrom: { type: 'string', pattern: '^(header|body:[A-Za-z]+)$' },
          secondApprover: {
            type: 'object',
            properties: { required: { type: 'boolean' }, roles: { ...ROLES, nullable: true } },
            required: ['required'],
            additionalProperties: false,
          },
          timeLimitHours: { type: 'number', exclusiveMinimum: 0, nullable: true },
        },
        required: [
          'id',
          'title',
          'basis',
          'roles',
          'target',
          'reason',
          'reasonFrom',
          'secondApprover',
          'timeLimitHours',
        ],
        additionalProperties: false,
      },
    },
  },
  required: ['catalogue', 'version', 'title', 'powers'],
  additionalProperties: false,
};

const check = schemaCheck<PowerList>(SCHEMA);

export const BUNDLED_POWER_LIST = join(__dirname, 'power-list.v1.yaml');

/** Parses and checks a catalogue: shape, unique ids, approver roles named when an approver is required. */
export function parsePowerList(yaml: string): PowerList {
  const checked = check(parse(yaml));
  if (!checked.ok) throw new PowerListInvalid(checked.problems);
  const doc = checked.value;
  const problems: Array<{ pointer: string; detail: string }> = [];
  const seen = new Set<string>();
  doc.powers.forEach((p, i) => {
    if (seen.has(p.id)) problems.push({ pointer: `/powers/${i}/id`, detail: `${p.id} is declared twice` });
    seen.add(p.id);
    if (p.secondApprover.required && !p.secondApprover.roles?.length)
      problems.push({
        pointer: `/powers/${i}/secondApprover/roles`,
        detail: `${p.id} needs a second approver but names no role that may approve`,
      });
  });
  if (problems.length) throw new PowerListInvalid(problems);
  return doc;
}

let bundled: PowerList | undefined;

/** The catalogue shipped with the service, read once. */
export function bundledPowerList(): PowerList {
  bundled ??= parsePowerList(readFileSync(BUNDLED_POWER_LIST, 'utf8'));
  return bundled;
}

/** The declared power, or an error naming the id: a route bound to an undeclared power is a defect. */
export function powerOf(list: PowerList, id: string): PowerDefinition {
  const power = list.powers.find((p) => p.id === id);
  if (!power)
    throw new PowerListInvalid([{ pointer: '/powers', detail: `power ${id} is not declared in the power list` }]);
  return power;
}
