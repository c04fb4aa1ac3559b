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

  /**
   * The record with identity numbers hashed (already hashed values stay). The input is never
   * changed: objects on the way to a hashed field are copied, everything else is shared - most
   * reports carry no identity number and pass through without a copy.
   */
  protect<T>(record: T): T {
    return this.walk(record) as T;
  }

  private walk(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = this.walk(value[i]);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    let out: Record<string, unknown> | undefined;
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      const w =
        IDENTITY_FIELDS.has(k) && typeof v === 'string' && !v.startsWith(KEYED_HASH_PREFIX)
          ? this.hash(v)
          : this.walk(v);
      if (w !== v) (out ??= { ...value })[k] = w;
    }
    return out ?? value;
  }
}
