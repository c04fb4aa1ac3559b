// Exact decimal money on BigInt fen (分, 1/100 yuan). Report figures are compared and added here,
// never as floats: 0.1 + 0.2 must equal 0.3 when a five-category split is checked against the total.

/** A yuan amount as an integer number of fen. */
export type Fen = bigint;

// Optional sign, integer part without leading zeros, up to 2 decimals, no exponent.
const SIGNED_YUAN = /^-?(0|[1-9][0-9]*)(\.[0-9]{1,2})?$/;

/** Fen of an exact decimal string ("1234.5" -> 123450n); throws on anything else. */
export function parseYuan(text: string): Fen {
  if (!SIGNED_YUAN.test(text)) throw new Error(`not an exact yuan amount: '${text}'`);
  const negative = text.charCodeAt(0) === 45; // '-'
  const dot = text.indexOf('.');
  // Up to 13 digits before the point (under 10 trillion yuan), the nearest double times 100 is within
  // 0.2 of the fen and the fen are below 2^53: rounding is exact, and one BigInt beats three.
  if ((dot < 0 ? text.length : dot) - (negative ? 1 : 0) <= 13) return BigInt(Math.round(Number(text) * 100));
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const fen = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -fen : fen;
}

/** Canonical string with exactly 2 decimals ("1234.50"). */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${fraction}`;
}

export function addYuan(...amounts: string[]): string {
  return formatYuan(sumFen(amounts));
}

export function sumFen(amounts: string[]): Fen {
  return amounts.reduce((sum, amount) => sum + parseYuan(amount), 0n);
}

/** -1, 0 or 1 as in a sort comparator. */
export function compareYuan(a: string, b: string): -1 | 0 | 1 {
  const difference = parseYuan(a) - parseYuan(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Fen from a whole number of fen held in a JS number (exact up to 2^53, i.e. ~90 trillion yuan). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`not a whole number of fen: ${fen}`);
  return formatYuan(BigInt(fen));
}

/**
 * An exact decimal as an integer in units of 10^-decimals ("12.5", 4 -> 125000n). Used for
 * percentages, which carry up to 4 decimals; throws on anything that is not a plain decimal.
 */
export function parseScaled(text: string, decimals: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[3] ?? '').length > decimals)
    throw new Error(`not a decimal with at most ${decimals} places: '${text}'`);
  const units = BigInt(match[2]) * 10n ** BigInt(decimals) + BigInt((match[3] ?? '').padEnd(decimals, '0') || '0');
  return match[1] ? -units : units;
}

/** Inverse of parseScaled, without trailing zeros ("105.5"). */
export function formatScaled(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const scale = 10n ** BigInt(decimals);
  const fraction = (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / scale}${fraction ? `.${fraction}` : ''}`;
}
