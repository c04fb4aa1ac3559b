// 公民身份号码 (resident identity number), GB 11643-1999: 6-digit region + 8-digit birth date
// + 3-digit sequence (odd for men) + check character computed with ISO 7064 MOD 11-2.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type ResidentIdProblem = 'format' | 'birth_date' | 'check';

/** The check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** null when valid, otherwise why not. A lower-case 'x' is not accepted: cards print 'X'. */
export function residentIdProblem(id: string): ResidentIdProblem | null {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const real = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!real || year < 1900) return 'birth_date';
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? null : 'check';
}

export function describeResidentIdProblem(problem: ResidentIdProblem): string {
  switch (problem) {
    case 'format':
      return 'must be an 18-character resident id (17 digits and a digit or X, GB 11643)';
    case 'birth_date':
      return 'does not contain a real birth date (characters 7-14, YYYYMMDD)';
    case 'check':
      return 'has a wrong check character (GB 11643)';
  }
}
