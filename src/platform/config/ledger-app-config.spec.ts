import { ConfigError, isLedgerAppRole, loadLedgerAppConfig } from './config';

describe('ledger-app configuration', () => {
  it('should read the listen address and home, and need nothing of the service', () => {
    expect(
      loadLedgerAppConfig({ LEDGER_APP_LISTEN: 'tcp://127.0.0.3:26658', LEDGER_APP_HOME: '/srv/node2' }),
    ).toMatchObject({ listen: { host: '127.0.0.3', port: 26658 }, home: '/srv/node2' });
  });

  it('should list every bad key at once', () => {
    try {
      loadLedgerAppConfig({ LEDGER_APP_LISTEN: 'unix:///tmp/app.sock' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        expect.stringMatching(/LEDGER_APP_LISTEN must be tcp:\/\/host:port/),
        expect.stringMatching(/LEDGER_APP_HOME is required/),
      ]);
    }
  });

  it('should take the role from the command or from ROLE', () => {
    expect(isLedgerAppRole('ledger-app', {})).toBe(true);
    expect(isLedgerAppRole(undefined, { ROLE: 'ledger-app' })).toBe(true);
    expect(isLedgerAppRole('anchor', { ROLE: 'ledger-app' })).toBe(false);
  });
});
