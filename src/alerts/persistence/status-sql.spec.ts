import { ALERT_STATUSES } from '../domain/alert';
import { ACTIVE_STATUSES_SQL, TERMINAL_STATUSES_SQL } from './status-sql';

describe('alert status SQL', () => {
  it('should spell the active and terminal lists as the migrations and partial indexes do', () => {
    expect(ACTIVE_STATUSES_SQL).toBe(`('open', 'acknowledged', 'in_progress')`);
    expect(TERMINAL_STATUSES_SQL).toBe(`('resolved', 'false_positive')`);
  });

  it('should cover every status exactly once between the two lists', () => {
    const quoted = `${ACTIVE_STATUSES_SQL}${TERMINAL_STATUSES_SQL}`.match(/'[a-z_]+'/g);
    expect(quoted?.sort()).toEqual(ALERT_STATUSES.map((s) => `'${s}'`).sort());
  });
});
