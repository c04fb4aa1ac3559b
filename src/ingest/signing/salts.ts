import { randomBytes } from 'node:crypto';

const SALT_BYTES = 32;
const POOL_BYTES = SALT_BYTES * 256;

let pool = Buffer.alloc(0);
let used = 0;

/**
 * A fresh 32-byte salt from the CSPRNG. Salts are cut from a pool drawn 8 KiB at a time: one
 * draw per message cost more CPU than the rest of the commitment. Each salt is its own copy,
 * handed out once.
 */
export function newSalt(): Buffer {
  if (used + SALT_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const salt = Buffer.from(pool.subarray(used, used + SALT_BYTES));
  pool.fill(0, used, used + SALT_BYTES); // what was handed out does not stay behind in the pool
  used += SALT_BYTES;
  return salt;
}
