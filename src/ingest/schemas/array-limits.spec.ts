import { overlongArrays } from './array-limits';
import { capProblems, validateRecord } from './validate-record';
import { examples } from './examples';
import { schemaFor } from './schema-registry';

describe(overlongArrays.name, () => {
  it('should refuse a list longer than its maxItems without looking inside it', () => {
    const value = { ...examples.keyPersons(), persons: Array.from({ length: 200_000 }, () => ({})) };
    expect(overlongArrays(schemaFor('key_persons'), value)).toEqual([
      { pointer: '/persons', detail: 'must list at most 1000 items, got 200000' },
    ]);
  });

  it('should find nothing in a valid record', () => {
    expect(overlongArrays(schemaFor('p2p_report'), examples.p2pReport())).toEqual([]);
  });
});

describe(capProblems.name, () => {
  it('should keep the first 100 problems and count the rest', () => {
    const problems = Array.from({ length: 250 }, (_, i) => ({ pointer: `/${i}`, detail: 'is required' }));
    const capped = capProblems(problems);
    expect(capped).toHaveLength(101);
    expect(capped[100].detail).toBe('and 150 more problems not listed; fix these first');
  });

  it('should cap what validateRecord reports for 1,000 empty persons', () => {
    const result = validateRecord('key_persons', {
      ...examples.keyPersons(),
      persons: Array.from({ length: 1000 }, () => ({})),
    });
    expect(!result.ok && result.problems.length).toBe(101);
  });
});
