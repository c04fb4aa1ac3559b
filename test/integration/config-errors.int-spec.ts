import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function runService(env: Record<string, string>, args: string[] = []): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('configuration errors at start', () => {
  it('should exit 78 listing every bad key, without a stack trace', () => {
    const { status, stderr } = runService({
      KAFKA_BROKERS: '',
      HTTP_PORT: '99999',
      DATABASE_URL: 'mysql://root:hunter2@db/x',
    });
    expect(status).toBe(78);
    expect(stderr).toContain('invalid configuration:');
    expect(stderr).toContain('  - KAFKA_BROKERS is set but empty');
    expect(stderr).toContain("  - HTTP_PORT must be a whole number from 0 to 65535, got '99999'");
    expect(stderr).toContain("  - DATABASE_URL must be a postgres:// URL, got 'mysql://root:****@db/x'");
    expect(stderr).not.toContain('hunter2');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('should exit 78 when the ledger-app role lacks its home or has a bad listen address', () => {
    const { status, stderr } = runService({ LEDGER_APP_LISTEN: '127.0.0.1:26658' }, ['ledger-app']);
    expect(status).toBe(78);
    expect(stderr).toContain("  - LEDGER_APP_LISTEN must be tcp://host:port, got '127.0.0.1:26658'");
    expect(stderr).toContain('  - LEDGER_APP_HOME is required');
  });

  it('should name an unknown command', () => {
    const { status, stderr } = runService({}, ['mine']);
    expect(status).toBe(78);
    expect(stderr).toContain(
      "unknown command 'mine': use migrate, ledger-app or one of the roles api, ingest, scoring, alerts, anchor, all",
    );
  });
});
