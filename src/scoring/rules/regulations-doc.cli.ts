import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLED_PACKS_DIR, loadRulePacks } from './load-rule-pack';
import { withRuleTables } from './regulations-doc';

// Rewrites the generated rule tables of docs/regulations.md from the bundled rule packs.
const target = join(__dirname, '..', '..', '..', 'docs', 'regulations.md');
writeFileSync(target, withRuleTables(readFileSync(target, 'utf8'), loadRulePacks(BUNDLED_PACKS_DIR)));
console.log(`wrote ${target}`);
