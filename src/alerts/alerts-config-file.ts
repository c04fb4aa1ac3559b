import Ajv, { type ErrorObject, type JSONSchemaType } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { AlertsConfigInvalid } from './alerts.errors';

const ajv = new Ajv({ allErrors: true });

/** Parses one YAML config text and validates it, listing every problem with its JSON Pointer. */
export function parseConfigYaml<T>(text: string, schema: JSONSchemaType<T>, source: string): T {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new AlertsConfigInvalid(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const validate = ajv.compile(schema);
  if (!validate(data)) {
    throw new AlertsConfigInvalid(`${source} does not match its schema`, (validate.errors ?? []).map(toProblem));
  }
  return data;
}

function toProblem(error: ErrorObject): { pointer: string; detail: string } {
  const extra = error.keyword === 'additionalProperties' ? ` '${(error.params as { additionalProperty: string }).additionalProperty}'` : '';
  return { pointer: error.instancePath || '/', detail: `${error.message ?? error.keyword}${extra}` };
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
