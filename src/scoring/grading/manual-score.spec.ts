import { ValidationFailed } from '../../platform/errors/domain-error';
import { validateManualScore, type ManualScore } from './manual-score';

const score: ManualScore = {
  id: 's1',
  mode: 'adjust',
  value: 20,
  reason: '约谈发现',
  author: 'a1',
  validFrom: '2026-07-01',
  validTo: '2026-09-30',
};

describe('validateManualScore', () => {
  it('should accept a complete score', () => {
    expect(validateManualScore(score)).toBe(score);
  });

  it('should name every bad field', () => {
    try {
      validateManualScore({ ...score, mode: 'set', value: -5, reason: ' ', author: '', validTo: '2026-06-01' });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).problems.map((p) => p.pointer)).toEqual([
        '/value',
        '/reason',
        '/author',
        '/validTo',
      ]);
    }
  });
});
