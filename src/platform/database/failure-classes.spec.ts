import { isDatabaseFailure } from './failure-classes';

describe('isDatabaseFailure', () => {
  it('should count lost connections, protocol mix-ups and shutdowns as failures of the database', () => {
    expect(isDatabaseFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseFailure(Object.assign(new Error('unnamed prepared statement does not exist'), { code: '26000' })),
    ).toBe(true);
    expect(
      isDatabaseFailure(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
  });

  it('should not count a refused query when the data or the caller is at fault', () => {
    expect(isDatabaseFailure(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseFailure(Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }))).toBe(
      false,
    );
    expect(isDatabaseFailure(Object.assign(new Error('append-only'), { code: 'P0001' }))).toBe(false);
  });
});
