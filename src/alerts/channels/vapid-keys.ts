import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateVAPIDKeys } from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The embedded default's VAPID key pair, generated once into the data folder (mode 0600), like the
 * other local secrets. Replicas must share one pair: production sets ALERTS_VAPID_* instead.
 */
export function loadOrCreateVapidKeys(file: string): VapidKeys {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, JSON.stringify(generateVAPIDKeys()), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as Partial<VapidKeys>;
  if (typeof keys.publicKey !== 'string' || typeof keys.privateKey !== 'string')
    throw new Error(`${file} does not hold a VAPID key pair {publicKey, privateKey}`);
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}
