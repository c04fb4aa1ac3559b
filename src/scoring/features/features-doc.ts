import { FEATURE_CATALOGUE, type FeatureDefinition } from './feature-catalogue';

const cell = (s: string): string => s.replace(/\|/g, '\\|');
const kinds = (f: FeatureDefinition): string => (f.kinds === 'all' ? 'all' : f.kinds.join(', '));

/** FEATURES.md, rendered from the catalogue (the spec fails when the file and the table differ). */
export function renderFeaturesMarkdown(catalogue: readonly FeatureDefinition[] = FEATURE_CATALOGUE): string {
  const lines = [
    '# Scoring features',
    '',
    'Generated from `feature-catalogue.ts` by `node -r @swc-node/register src/scoring/features/features-doc.cli.ts`; do not edit by hand.',
    '',
    'Windows are (asOf − N days, asOf]. "current report" = the latest report on or before asOf, at most 100 days old.',
    'A value is `null` when its data is missing; rules then report "no data" instead of passing.',
    'A ratio with a zero or negative denominator and a positive numerator is 1e6 ("unbounded").',
    '',
    '| name | 中文 | formula | unit | source | kinds |',
    '|---|---|---|---|---|---|',
    ...catalogue.map(
      (f) => `| \`${f.name}\` | ${cell(f.zh)} | ${cell(f.formula)} | ${f.unit} | ${cell(f.source)} | ${kinds(f)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
