import { regionAncestors, regionCodeProblem, regionLevel, regionWithin } from './region-code';

describe('region code (GB/T 2260)', () => {
  it('should classify province, city and county codes', () => {
    expect(regionLevel('330000')).toBe('province');
    expect(regionLevel('330100')).toBe('city');
    expect(regionLevel('330106')).toBe('county');
  });

  it('should reject malformed codes with the reason', () => {
    expect(regionCodeProblem('33010')).toMatch(/6 digits/);
    expect(regionCodeProblem('990000')).toMatch(/no province '99'/);
    expect(regionCodeProblem('330006')).toMatch(/county without a city/);
    expect(regionCodeProblem('330106')).toBeNull();
  });

  it('should contain a county in its city and province but not in a sibling county', () => {
    expect(regionWithin('330106', '330000')).toBe(true);
    expect(regionWithin('330106', '330100')).toBe(true);
    expect(regionWithin('330106', '330106')).toBe(true);
    expect(regionWithin('330106', '330105')).toBe(false);
    expect(regionWithin('330106', '320000')).toBe(false);
  });

  it('should list the ancestors of a county nearest first', () => {
    expect(regionAncestors('330106')).toEqual(['330106', '330100', '330000']);
    expect(regionAncestors('330100')).toEqual(['330100', '330000']);
  });
});
