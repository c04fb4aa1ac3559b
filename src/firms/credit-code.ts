// 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
// = registration authority (1) + organisation category (1) + GB/T 2260 region (6)
// + organisation code (9) + check character (1).

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // 31 characters: no I, O, S, V, Z
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'character' | 'check';

/** The check character GB 32100 assigns to the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(first17[i]);
    if (value < 0) throw new Error(`'${first17[i]}' is not a GB 32100 character`);
    sum += value * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** null when valid, otherwise why not. Lower-case input is not accepted: the code is printed upper-case. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!CHARSET.includes(ch)) return 'character';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function describeCreditCodeProblem(problem: CreditCodeProblem): string {
  switch (problem) {
    case 'length':
      return 'must be 18 characters';
    case 'character':
      return 'may only contain digits and the upper-case letters of GB 32100 (no I, O, S, V, Z)';
    case 'check':
      return 'has a wrong check character (GB 32100)';
  }
}

/** The 6-digit GB/T 2260 region embedded in a credit code (characters 3-8). */
export function creditCodeRegion(code: string): string {
  return code.slice(2, 8);
}
