import { creditCodeCheckChar, creditCodeProblem, creditCodeRegion } from './credit-code';

describe('credit code (GB 32100)', () => {
  // Published examples of real unified social credit codes.
  it.each(['91350100M000100Y43', '91110000600037341L'])('should accept %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('should reject a code when one character is changed', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check');
    expect(creditCodeProblem('91350100M000200Y43')).toBe('check');
  });

  it('should name the problem when the length or a character is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100I43')).toBe('character');
    expect(creditCodeProblem('91350100m000100y43')).toBe('character');
  });

  it('should compute the check character that makes a code valid', () => {
    const body = '91330106MA2B000X0';
    expect(creditCodeProblem(body + creditCodeCheckChar(body))).toBeNull();
  });

  it('should read the region out of the code', () => {
    expect(creditCodeRegion('91350100M000100Y43')).toBe('350100');
  });
});
