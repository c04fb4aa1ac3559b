// What the admin routes accept as an address. Pure: the DTOs use these, and so can other callers.

/** A mobile number (11 digits, 13x-19x) or a landline with its area code (0 + 9 to 11 digits), digits only. */
export const PHONE_PATTERN = '^(1[3-9][0-9]{9}|0[0-9]{9,11})$';

export const MAX_WEBHOOK_LENGTH = 2048;

/** Why `value` cannot be a robot webhook URL, or null when it can. */
export function webhookUrlProblem(value: string): string | null {
  if (value.length > MAX_WEBHOOK_LENGTH) return `must have at most ${MAX_WEBHOOK_LENGTH} characters`;
  // new URL() would quietly drop surrounding spaces and tabs; a pasted URL with them is a mistake.
  if (/\s/.test(value)) return 'must not contain spaces or line breaks';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL (https://...)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `must be an http: or https: URL, not ${url.protocol}`;
  if (!url.hostname) return 'must name a host';
  // The query string is masked when contacts are listed or logged; a user:password would not be.
  if (url.username || url.password) return 'must not carry a user name or password (they would be shown unmasked)';
  return null;
}
