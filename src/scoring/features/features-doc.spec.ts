import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderFeaturesMarkdown } from './features-doc';

describe('FEATURES.md', () => {
  it('should match the feature catalogue (regenerate with features-doc.cli.ts)', () => {
    expect(readFileSync(join(__dirname, 'FEATURES.md'), 'utf8')).toBe(renderFeaturesMarkdown());
  });
});
