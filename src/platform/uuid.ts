/** An RFC 4122 uuid in its text form: ids from a URL or a message are checked before they reach a uuid column (which would fail with a 500). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
