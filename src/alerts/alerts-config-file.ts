import type { JSONSchemaType } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { schemaCheck, type SchemaCheck } from '../platform/validation/schema-check';
import { AlertsConfigInvalid } from './alerts.errors';

// Each schema is compiled once, however many files it checks.
const checks = new WeakMap<object, SchemaCheck<unknown>>();

/** Parses one YAML config text and validates it, listing every problem with its JSON Pointer. */
export function parseConfigYaml<T>(text: string, schema: JSONSchemaType<T>, source: string): T {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new AlertsConfigInvalid(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  let check = checks.get(schema);
  if (!check) checks.set(schema, (check = schemaCheck<unknown>(schema)));
  const checked = check(data);
  if (!checked.ok) throw new AlertsConfigInvalid(`${source} does not match its schema`, checked.problems);
  return checked.value as T;
}

/**
 * Reads a YAML file shipped beside the alerts code. tsc does not copy .yaml into dist/, so from a
 * build it falls back to the same path under src/.
 */
export function readAlertsFile(relative: string): string {
  const beside = path.resolve(__dirname, relative);
  if (fs.existsSync(beside)) return fs.readFileSync(beside, 'utf8');
  const inSource = beside.replace(`${path.sep}dist${path.sep}src${path.sep}`, `${path.sep}src${path.sep}`);
  return fs.readFileSync(inSource, 'utf8');
}
