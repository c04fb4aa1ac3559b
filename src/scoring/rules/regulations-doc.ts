// The rule tables of docs/regulations.md, rendered from the bundled rule packs, so the document an
// auditor or a bureau reads says exactly what the service enforces (checked by regulations-doc.spec).
import type { RuleDefinition, RulePack } from './rule-pack';

export const RULES_BEGIN = '<!-- rules:begin (generated from src/scoring/rules/packs by regulations-doc.cli.ts) -->';
export const RULES_END = '<!-- rules:end -->';

const TIER_ZH: Readonly<Record<string, string>> = {
  blue: '蓝',
  yellow: '黄',
  violation: '违规',
  orange: '橙',
  red: '红',
};
const BREACH: Readonly<Record<RuleDefinition['breach'], string>> = { gt: '>', gte: '≥', lt: '<', lte: '≤', true: '' };

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function threshold(rule: RuleDefinition): string {
  if (rule.thresholds) {
    return Object.entries(rule.thresholds)
      .map(([tier, value]) => `${TIER_ZH[tier]} ${BREACH[rule.breach]} ${value}`)
      .join('; ');
  }
  return `true → ${TIER_ZH[rule.tier ?? 'violation']}`;
}

function row(rule: RuleDefinition): string {
  const veto = rule.veto ? `一票否决 (≥ ${TIER_ZH[rule.veto]})` : '';
  return `| ${rule.id} | ${cell(rule.title.zh)} (${cell(rule.title.en)}) | ${cell(rule.basis)} | ${rule.mark} | ${rule.type === 'quantitative' ? '量' : '性'} | \`${cell(rule.metric)}\` | ${threshold(rule)} | ${veto} |`;
}

/** One table per pack, in the order given. */
export function renderRuleTables(packs: readonly RulePack[]): string {
  const parts = packs.map((p) =>
    [
      `### ${p.title.zh} (\`${p.pack}\` v${p.version}; applies to ${p.appliesTo === 'all' ? 'every firm' : p.appliesTo.join(', ')})`,
      '',
      '| id | rule | legal basis | mark | type | metric | thresholds (tier) | veto |',
      '|---|---|---|---|---|---|---|---|',
      ...p.rules.map(row),
    ].join('\n'),
  );
  return [RULES_BEGIN, '', parts.join('\n\n'), '', RULES_END].join('\n');
}

/** The document with its generated section replaced by the current tables. */
export function withRuleTables(document: string, packs: readonly RulePack[]): string {
  const start = document.indexOf(RULES_BEGIN);
  const end = document.indexOf(RULES_END);
  if (start < 0 || end < start) throw new Error('docs/regulations.md has no rules:begin / rules:end markers');
  return document.slice(0, start) + renderRuleTables(packs) + document.slice(end + RULES_END.length);
}
