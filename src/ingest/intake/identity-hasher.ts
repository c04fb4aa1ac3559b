import { createHmac } from 'node:crypto';

/** Marks a keyed hash in a stored record, with the scheme version so the key can be rotated. */
export const KEYED_HASH_PREFIX = 'kh1:';

// Fields that carry a person's or a company's identity number (身份证号 / 统一社会信用代码).
const IDENTITY_FIELDS = new Set(['idNumber', 'subjectIdNumber']);

/**
 * Replaces every identity number in a record by HMAC-SHA256 under the bureau's key: the clear
 * number is never stored, yet the same person links across firms and feeds. A plain SHA-256
 * would not do: 18-digit resident ids are few enough to enumerate.
 */
export class IdentityHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the identity hash key must have at least 32 bytes');
  }

  hash(idNumber: string): string {
    return KEYED_HASH_PREFIX + createHmac('sha256', this.key).update(idNumber.toUpperCase()).digest('hex');
  }

  /** A deep copy of the record with identity numbers hashed (already hashed values stay). */
  protect<T>(record: T): T {
    return this.walk(record) as T;
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = IDENTITY_FIELDS.has(k) && typeof v === 'string' && !v.startsWith(KEYED_HASH_PREFIX) ? this.hash(v) : this.walk(v);
    }
    return out;
  }
}
