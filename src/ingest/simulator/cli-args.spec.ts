import { defaultStartMonth, parseSimulateArgs } from './cli-args';

describe(parseSimulateArgs.name, () => {
  it('should parse a Kafka run with defaults', () => {
    const result = parseSimulateArgs(['--firms', '100', '--rate', '500', '--to', 'kafka']);
    expect(result).toEqual({
      ok: true,
      args: expect.objectContaining({
        firms: 100,
        rate: 500,
        to: 'kafka',
        months: 24,
        seed: 1,
        brokers: ['127.0.0.1:9092'],
        count: null,
        dryRun: false,
      }),
    });
  });

  it('should accept --name=value and a dry run without --to or --rate', () => {
    const result = parseSimulateArgs(['--firms=5', '--dry-run', '--months=3']);
    expect(result.ok && result.args).toEqual(expect.objectContaining({ firms: 5, months: 3, dryRun: true, to: null }));
  });

  it('should list every problem at once', () => {
    const result = parseSimulateArgs(['--firms', 'ten', '--to', 'ftp', '--bogus', '1']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain("--firms must be a whole number >= 1, got 'ten'");
      expect(result.error).toContain("--to must be kafka or http, got 'ftp'");
      expect(result.error).toContain('--rate is required');
      expect(result.error).toContain('unknown option --bogus');
    }
  });

  it('should want an API key source for HTTP', () => {
    const result = parseSimulateArgs(['--firms', '1', '--rate', '1', '--to', 'http']);
    expect(!result.ok && result.error).toMatch(/--api-keys FILE, --api-key KEY or --register/);
    expect(
      parseSimulateArgs(['--firms', '1', '--rate', '1', '--to', 'http', '--api-key', 'k', '--url', 'http://h:1/']).ok,
    ).toBe(true);
  });

  it('should register the firms with an administrator, and end the run last month by default', () => {
    const result = parseSimulateArgs([
      '--firms',
      '200',
      '--rate',
      '1000',
      '--count',
      '15000',
      '--to',
      'kafka',
      '--register',
      '--admin-user',
      'demo.admin',
      '--admin-password',
      'pw',
    ]);
    expect(result.ok && result.args).toEqual(
      expect.objectContaining({
        register: { username: 'demo.admin', password: 'pw' },
        startMonth: defaultStartMonth(24),
      }),
    );
    expect(defaultStartMonth(24, '2026-12-06')).toBe('2024-12'); // 2024-12 .. 2026-11
    const missing = parseSimulateArgs(['--firms', '1', '--rate', '1', '--to', 'kafka', '--register']);
    expect(!missing.ok && missing.error).toContain('--register needs --admin-user and --admin-password');
  });
});
