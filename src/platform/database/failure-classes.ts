/**
 * Whether a failed query says the database itself is failing (connection lost, out of resources,
 * shutting down, internal error, a protocol mix-up), as opposed to refusing this query (a unique
 * violation the caller expects, bad data, a failed trigger check). SQLSTATE classes, PostgreSQL
 * Appendix A; an error without a SQLSTATE comes from the driver: a connection that failed.
 */
const FAILING_CLASSES = new Set(['08', '26', '53', '57', '58', 'XX']);

export function isDatabaseFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return FAILING_CLASSES.has(code.slice(0, 2));
}
