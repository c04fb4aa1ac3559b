import type { JSONSchemaType } from 'ajv';
import type { RegionLevel } from '../../firms/region-code';
import { parseConfigYaml, readAlertsFile } from '../alerts-config-file';
import { ALERT_TIERS, type AlertTier } from '../../scoring/grading/alert-tier';
import { RECIPIENT_ROLES } from '../domain/recipient-role';
import { CHANNEL_KINDS, type ChannelKind } from '../channels/alert-channel';
import type { RoleInRegion } from './staff-directory';

export interface TierRoute {
  /** Recipients this tier adds to the tiers below it. */
  notify: RoleInRegion[];
  channels: ChannelKind[];
}

/** Who an alert of one cause goes to instead of the tier's recipients and the escalation chain. */
export interface CauseRoute {
  notify: RoleInRegion[];
  escalation: RoleInRegion[];
}

/** Causes whose alerts are about the service, not a firm, and go to their own owners. */
export const ROUTED_CAUSES = ['model_monitoring'] as const;

/** routing.yaml, validated. */
export interface RoutingConfig {
  tiers: Record<AlertTier, TierRoute>;
  /** Whose turn it is to acknowledge, step by step (问责链). */
  escalation: RoleInRegion[];
  causes?: Partial<Record<(typeof ROUTED_CAUSES)[number], CauseRoute>>;
}

const LEVELS: RegionLevel[] = ['county', 'city', 'province'];

const roleInRegion: JSONSchemaType<RoleInRegion> = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: [...RECIPIENT_ROLES] },
    level: { type: 'string', enum: LEVELS },
  },
  required: ['role', 'level'],
  additionalProperties: false,
};

const tierRoute: JSONSchemaType<TierRoute> = {
  type: 'object',
  properties: {
    notify: { type: 'array', items: roleInRegion },
    channels: { type: 'array', items: { type: 'string', enum: [...CHANNEL_KINDS] }, minItems: 1, uniqueItems: true },
  },
  required: ['notify', 'channels'],
  additionalProperties: false,
};

const schema: JSONSchemaType<RoutingConfig> = {
  type: 'object',
  properties: {
    tiers: {
      type: 'object',
      properties: Object.fromEntries(ALERT_TIERS.map((t) => [t, tierRoute])) as never,
      required: [...ALERT_TIERS],
      additionalProperties: false,
    },
    escalation: { type: 'array', items: roleInRegion, minItems: 1 },
    causes: {
      type: 'object',
      nullable: true,
      properties: Object.fromEntries(
        ROUTED_CAUSES.map((c) => [
          c,
          {
            type: 'object',
            properties: {
              notify: { type: 'array', items: roleInRegion, minItems: 1 },
              escalation: { type: 'array', items: roleInRegion, minItems: 1 },
            },
            required: ['notify', 'escalation'],
            additionalProperties: false,
          },
        ]),
      ) as never,
      required: [],
      additionalProperties: false,
    },
  },
  required: ['tiers', 'escalation'],
  additionalProperties: false,
};

export function parseRoutingConfig(yamlText: string, source = 'routing.yaml'): RoutingConfig {
  return parseConfigYaml(yamlText, schema, source);
}

/** The routing shipped in src/alerts/routing/routing.yaml. */
export function loadDefaultRoutingConfig(): RoutingConfig {
  return parseRoutingConfig(readAlertsFile('routing/routing.yaml'));
}
