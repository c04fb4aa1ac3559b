import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { resolveAssetDir } from '../../scoring-assets';

/** monitoring-thresholds.yaml: the declarative breach thresholds of model monitoring. */
export interface MonitoringThresholds {
  psi: number;
  ece: number;
  brier: number;
  minOutcomeRows: number;
  populationDays: number;
}

const KEYS: ReadonlyArray<keyof MonitoringThresholds> = ['psi', 'ece', 'brier', 'minOutcomeRows', 'populationDays'];

export function parseMonitoringThresholds(text: string, source = 'monitoring-thresholds.yaml'): MonitoringThresholds {
  const raw = parse(text) as Record<string, unknown> | null;
  const problems = KEYS.filter(
    (k) => typeof raw?.[k] !== 'number' || !Number.isFinite(raw[k]) || (raw[k] as number) <= 0,
  ).map((k) => `${k} must be a positive number`);
  const unknown = Object.keys(raw ?? {}).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length) problems.push(`unknown keys: ${unknown.join(', ')}`);
  if (problems.length) throw new Error(`${source}: ${problems.join('; ')}`);
  return raw as unknown as MonitoringThresholds;
}

export function loadMonitoringThresholds(): MonitoringThresholds {
  return parseMonitoringThresholds(
    readFileSync(join(resolveAssetDir(__dirname), 'monitoring-thresholds.yaml'), 'utf8'),
  );
}
