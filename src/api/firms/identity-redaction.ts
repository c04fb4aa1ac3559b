import type { StoredRecord } from '../../ingest/intake/record-query.service';

// Identity numbers are stored only as keyed hashes, but even a hash links a person across firms:
// the profile shows names and roles, never these fields.
const IDENTITY_FIELDS = new Set(['idNumber', 'subjectIdNumber']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !IDENTITY_FIELDS.has(key))
      .map(([key, v]) => [key, redact(v)]),
  );
}

/** The record with every identity number field removed from its payload. */
export function withoutIdentityNumbers(record: StoredRecord): StoredRecord {
  return { ...record, payload: redact(record.payload) as Record<string, unknown> };
}
