import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { schemaCheck } from '../../platform/validation/schema-check';
import { PowerListInvalid } from '../cage.errors';
import type { OfficialIndicators } from './integrity-indicators';

export const INDICATOR_METRICS = [
  'workload',
  'maxFirmShare',
  'favourableRate',
  'favourableRun',
  'overdue',
  'afterHoursReads',
  'maxReadsPerHour',
] as const;
export type IndicatorMetric = (typeof INDICATOR_METRICS)[number];

export interface IndicatorThreshold {
  id: string;
  title: { zh: string; en: string };
  metric: IndicatorMetric;
  breach: 'gt' | 'gte';
  threshold: number;
  peerMultiple?: number;
  minWorkload?: number;
}

export interface IntegrityThresholds {
  catalogue: 'integrity_thresholds';
  version: number;
  title: { zh: string; en: string };
  indicators: IndicatorThreshold[];
}

/** A breached threshold: who, what, the value, the threshold and the peers' median. */
export interface IndicatorFiring {
  indicator: string;
  title: string;
  official: OfficialIndicators;
  value: number;
  threshold: number;
  peerMedian: number | null;
}

const TITLE = {
  type: 'object',
  properties: { zh: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  required: ['zh', 'en'],
  additionalProperties: false,
} as const;
const SCHEMA = {
  type: 'object',
  properties: {
    catalogue: { const: 'integrity_thresholds' },
    version: { type: 'integer', minimum: 1 },
    title: TITLE,
    indicators: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: '^[a-z_]+$' },
          title: TITLE,
          metric: { enum: [...INDICATOR_METRICS] },
          breach: { enum: ['gt', 'gte'] },
          threshold: { type: 'number' },
          peerMultiple: { type: 'number', exclusiveMinimum: 0 },
          minWorkload: { type: 'integer', minimum: 0 },
        },
        required: ['id', 'title', 'metric', 'breach', 'threshold'],
        additionalProperties: false,
      },
    },
  },
  required: ['catalogue', 'version', 'title', 'indicators'],
  additionalProperties: false,
};
const check = schemaCheck<IntegrityThresholds>(SCHEMA);

export function parseIntegrityThresholds(yaml: string): IntegrityThresholds {
  const checked = check(parse(yaml));
  if (!checked.ok) throw new PowerListInvalid(checked.problems);
  return checked.value;
}

let bundled: IntegrityThresholds | undefined;
export function bundledIntegrityThresholds(): IntegrityThresholds {
  bundled ??= parseIntegrityThresholds(readFileSync(join(__dirname, 'integrity-thresholds.v1.yaml'), 'utf8'));
  return bundled;
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Every threshold each official breaches; peers are the other officials of the same role. */
export function evaluateThresholds(
  officials: readonly OfficialIndicators[],
  thresholds: IntegrityThresholds,
): IndicatorFiring[] {
  const firings: IndicatorFiring[] = [];
  for (const t of thresholds.indicators) {
    const judged = officials.filter((o) => o.workload >= (t.minWorkload ?? 0));
    for (const o of judged) {
      const value = o[t.metric];
      if (t.breach === 'gt' ? !(value > t.threshold) : !(value >= t.threshold)) continue;
      let peerMedian: number | null = null;
      if (t.peerMultiple !== undefined) {
        const peers = judged.filter((p) => p.role === o.role && p.actorId !== o.actorId).map((p) => p[t.metric]);
        peerMedian = median(peers);
        if (peers.length && !(value > t.peerMultiple * peerMedian)) continue;
      }
      firings.push({ indicator: t.id, title: t.title.zh, official: o, value, threshold: t.threshold, peerMedian });
    }
  }
  return firings;
}
