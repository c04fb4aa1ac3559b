import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PACKS_DIR, loadRulePacks } from './load-rule-pack';
import { withRuleTables } from './regulations-doc';

describe('docs/regulations.md', () => {
  const document = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'regulations.md'), 'utf8');

  it('should list every bundled rule with its basis, mark and thresholds (regenerate with regulations-doc.cli.ts)', () => {
    expect(document).toBe(withRuleTables(document, loadRulePacks(BUNDLED_PACKS_DIR)));
  });

  it('should name every rule id of the packs', () => {
    for (const pack of loadRulePacks(BUNDLED_PACKS_DIR))
      for (const rule of pack.rules) expect(document).toContain(`| ${rule.id} |`);
  });
});
