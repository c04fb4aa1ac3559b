import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFeaturesMarkdown } from './features-doc';

// Regenerates FEATURES.md beside this file from the feature catalogue.
const target = join(__dirname, 'FEATURES.md');
writeFileSync(target, renderFeaturesMarkdown());
console.log(`wrote ${target}`);
