import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A secret of the embedded default, generated once and kept in DATA_DIR (mode 0600). Production
 * passes secrets in the environment instead, so every replica shares them.
 */
export function loadOrCreateLocalSecret(dataDir: string, name: string, bytes = 32): Buffer {
  const file = path.join(dataDir, 'secrets', `${name}.hex`);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes);
  writeFileSync(file, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
