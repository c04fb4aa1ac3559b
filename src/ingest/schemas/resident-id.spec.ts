import { describeResidentIdProblem, residentIdCheckChar, residentIdProblem } from './resident-id';

describe('resident id (GB 11643)', () => {
  // The widely published specimen number 11010519491231002X has check character X.
  it('should compute the published check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdProblem('11010519491231002X')).toBeNull();
  });

  it('should reject a wrong check character', () => {
    expect(residentIdProblem('110105194912310021')).toBe('check');
    expect(describeResidentIdProblem('check')).toMatch(/check character/);
  });

  it('should reject impossible birth dates and bad shapes', () => {
    const body = '11010519490230002';
    expect(residentIdProblem(body + residentIdCheckChar(body))).toBe('birth_date');
    expect(residentIdProblem('11010519491231002x')).toBe('format');
    expect(residentIdProblem('1234')).toBe('format');
  });
});
