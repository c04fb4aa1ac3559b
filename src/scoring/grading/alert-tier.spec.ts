import { alertTierOf, ALERT_TIERS, GRADED_TIERS, maxTier, tierAbove, tierForScore, tierRank } from './alert-tier';

describe('alert-tier', () => {
  it('should rank none below every alert tier and the alert tiers in their order', () => {
    expect(GRADED_TIERS.map(tierRank)).toEqual([0, 1, 2, 3, 4]);
    expect(tierRank(null)).toBe(tierRank('none'));
  });

  it('should take the more severe tier when scoring writes no risk as none', () => {
    expect(maxTier('none', 'blue')).toBe('blue');
    expect(maxTier('red', 'none')).toBe('red');
    expect(maxTier('none', 'none')).toBe('none');
  });

  it('should take the more severe tier when alerts write no risk as null', () => {
    expect(maxTier(null, null)).toBeNull();
    expect(maxTier('orange', null)).toBe('orange');
    expect(maxTier('yellow', 'orange')).toBe('orange');
  });

  it('should map none to no alert and keep every alert tier', () => {
    expect(alertTierOf('none')).toBeNull();
    expect(ALERT_TIERS.map(alertTierOf)).toEqual([...ALERT_TIERS]);
  });

  it('should stop at red when raising a tier', () => {
    expect(ALERT_TIERS.map(tierAbove)).toEqual(['yellow', 'orange', 'red', 'red']);
  });

  it('should band scores at 40, 60, 75 and 90', () => {
    expect([39.9, 40, 60, 75, 90].map(tierForScore)).toEqual(['none', 'blue', 'yellow', 'orange', 'red']);
  });
});
