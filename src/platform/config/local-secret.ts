import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A secret of the embedded default, generated once and kept in DATA_DIR (mode 0600). Production
 * passes secrets in the environment instead, so every replica shares them.
 */
export function loadOrCreateLocalSecret(dataDir: string, name: string, bytes = 32): Buffer {
  const file = path.join(dataDir, 'secrets', `${name}.hex`);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written aside, then linked into place: processes starting together on one data folder (the
    // roles of one host, test workers) all end up with the one secret that won, never a half file.
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, randomBytes(bytes).toString('hex'), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
