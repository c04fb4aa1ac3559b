import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import { BUNDLED_PACKS_DIR } from './rules/load-rule-pack';
import { MODEL_ARTIFACTS_DIR } from './model/risk-model';

/**
 * A data folder of the scoring code (rule packs, model artifacts). `npm run build` copies them
 * beside the compiled code (scripts/copy-assets.mjs); a dist/ built without that step falls back
 * to the repository's src/ copy, so both `src/` (tests, swc-node) and `dist/src/` work.
 */
export function resolveAssetDir(dir: string): string {
  if (existsSync(dir)) return dir;
  const marker = `${sep}dist${sep}src${sep}`;
  const at = dir.lastIndexOf(marker);
  if (at >= 0) {
    const fallback = `${dir.slice(0, at)}${sep}src${sep}${dir.slice(at + marker.length)}`;
    if (existsSync(fallback)) return fallback;
  }
  return dir;
}

export const packsDir = (configured?: string): string => configured ?? resolveAssetDir(BUNDLED_PACKS_DIR);
export const modelDir = (configured?: string): string => configured ?? resolveAssetDir(MODEL_ARTIFACTS_DIR);
