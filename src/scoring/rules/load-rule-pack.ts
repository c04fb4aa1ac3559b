import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { FieldProblem } from '../../platform/errors/domain-error';
import { schemaCheck } from '../../platform/validation/schema-check';
import { featureDefinition } from '../features/feature-catalogue';
import { RulePackInvalid } from '../scoring.errors';
import { compileFeatureExpression, expressionIdentifiers } from './compile-expression';
import { RULE_TIER_SEVERITY, type RuleDefinition, type RulePack, type RuleTier } from './rule-pack';
import { RULE_PACK_SCHEMA } from './rule-pack.schema';

const checkShape = schemaCheck<RulePack>(RULE_PACK_SCHEMA);
const PLACEHOLDERS = new Set(['value', 'threshold', 'tier', 'facts']);

/** "/rules/3/thresholds" → "rule P2P-04, field thresholds" so an analyst finds the line. */
function describePointer(pointer: string, doc: unknown): string {
  const m = /^\/rules\/(\d+)(?:\/(.*))?$/.exec(pointer);
  if (!m) return pointer === '' ? 'pack' : `field ${pointer.slice(1)}`;
  const rules = (doc as { rules?: Array<{ id?: unknown }> }).rules;
  const id = rules?.[Number(m[1])]?.id;
  const rule = typeof id === 'string' ? `rule ${id}` : `rule #${Number(m[1]) + 1}`;
  return m[2] ? `${rule}, field ${m[2]}` : rule;
}

/** The converter's problems, each detail led by the rule it concerns. */
function shapeProblems(problems: FieldProblem[], doc: unknown): FieldProblem[] {
  return problems.map(({ pointer, detail }) => ({ pointer, detail: `${describePointer(pointer, doc)}: ${detail}` }));
}

function checkExpression(
  rule: RuleDefinition,
  field: string,
  expression: string,
  pointer: string,
  out: FieldProblem[],
): void {
  const where = `rule ${rule.id}, field ${field}`;
  try {
    compileFeatureExpression(expression);
  } catch (error) {
    out.push({
      pointer,
      detail: `${where}: expression does not parse: ${(error as Error).message.split('\n').join(' ')}`,
    });
    return;
  }
  for (const name of expressionIdentifiers(expression)) {
    if (!featureDefinition(name))
      out.push({ pointer, detail: `${where}: unknown feature "${name}" (see features/FEATURES.md)` });
  }
}

/** Thresholds must get stricter with severity: for gt, a red threshold above the orange one. */
function checkThresholdOrder(rule: RuleDefinition, pointer: string, out: FieldProblem[]): void {
  if (!rule.thresholds) return;
  const upward = rule.breach === 'gt' || rule.breach === 'gte';
  const ordered = (Object.entries(rule.thresholds) as Array<[RuleTier, number]>).sort(
    (a, b) => RULE_TIER_SEVERITY[a[0]] - RULE_TIER_SEVERITY[b[0]],
  );
  for (let i = 1; i < ordered.length; i += 1) {
    const [lowTier, low] = ordered[i - 1];
    const [highTier, high] = ordered[i];
    if (upward ? high <= low : high >= low) {
      out.push({
        pointer,
        detail: `rule ${rule.id}, field thresholds: ${highTier} (${high}) must be ${upward ? 'above' : 'below'} ${lowTier} (${low}) for breach ${rule.breach}`,
      });
    }
  }
}

function semanticProblems(pack: RulePack): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  pack.rules.forEach((rule, i) => {
    const at = `/rules/${i}`;
    if (seen.has(rule.id))
      out.push({ pointer: `${at}/id`, detail: `rule ${rule.id}, field id: duplicate id in the pack` });
    seen.add(rule.id);
    checkExpression(rule, 'metric', rule.metric, `${at}/metric`, out);
    if (rule.when) checkExpression(rule, 'when', rule.when, `${at}/when`, out);
    if (rule.escalate) checkExpression(rule, 'escalate.when', rule.escalate.when, `${at}/escalate/when`, out);
    checkThresholdOrder(rule, `${at}/thresholds`, out);
    for (const m of rule.explanation.matchAll(/\{([^}]*)\}/g)) {
      if (!PLACEHOLDERS.has(m[1]))
        out.push({
          pointer: `${at}/explanation`,
          detail: `rule ${rule.id}, field explanation: unknown placeholder {${m[1]}}`,
        });
    }
  });
  return out;
}

/** Parse and validate a rule pack (YAML text); throws RulePackInvalid listing every problem. */
export function parseRulePack(text: string, source: string): RulePack {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new RulePackInvalid(source, [{ pointer: '', detail: `not valid YAML: ${(error as Error).message}` }]);
  }
  const shape = checkShape(doc);
  if (!shape.ok) throw new RulePackInvalid(source, shapeProblems(shape.problems, doc));
  const pack = shape.value;
  const problems = semanticProblems(pack);
  if (problems.length > 0) throw new RulePackInvalid(source, problems);
  const expected = `${pack.pack}.v${pack.version}.yaml`;
  if (source.endsWith('.yaml') && basename(source) !== expected) {
    throw new RulePackInvalid(source, [
      {
        pointer: '/version',
        detail: `file name must be ${expected} (pack and version in the file name and the content agree)`,
      },
    ]);
  }
  return pack;
}

export function loadRulePackFile(path: string): RulePack {
  return parseRulePack(readFileSync(path, 'utf8'), path);
}

/** Every `*.vN.yaml` pack in a folder (all versions; the service decides which are active). */
export function loadRulePacks(dir: string): RulePack[] {
  return readdirSync(dir)
    .filter((f) => /\.v\d+\.yaml$/.test(f))
    .sort()
    .map((f) => loadRulePackFile(join(dir, f)));
}

/** The folder of the packs shipped with the code. */
export const BUNDLED_PACKS_DIR = join(__dirname, 'packs');
