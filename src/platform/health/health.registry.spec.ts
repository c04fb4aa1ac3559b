import { HealthRegistry, RECENT_FAILURE_MS } from './health.registry';

describe(HealthRegistry.name, () => {
  const registryAt = (time: { now: number }) => {
    const registry = new HealthRegistry();
    registry.now = () => time.now;
    registry.register({ name: 'database', critical: true, probe: async () => 'PostgreSQL 16' });
    registry.register({ name: 'ledger', critical: false, probe: async () => 'local' });
    return registry;
  };

  it('should say ok when every probe answers and no operation failed', async () => {
    const report = await registryAt({ now: 1_000_000 }).report('all');
    expect(report.status).toBe('ok');
    expect(report.dependencies.database).toMatchObject({ ok: true, detail: 'PostgreSQL 16' });
    expect(report.dependencies.database.degraded).toBeUndefined();
  });

  it('should report a dependency degraded when its recent operations failed although its probe answers', async () => {
    const time = { now: 1_000_000 };
    const registry = registryAt(time);
    registry.recordFailure('database', new Error('unnamed prepared statement does not exist'));
    time.now += 1000;
    registry.recordFailure('database', new Error('Connection terminated'));
    const report = await registry.report('all');
    expect(report.status).toBe('degraded');
    expect(report.dependencies.database).toMatchObject({
      ok: true,
      degraded: true,
      recentFailures: 2,
      lastFailure: { at: new Date(time.now).toISOString(), error: 'Connection terminated' },
    });
    expect(report.dependencies.ledger.degraded).toBeUndefined();
  });

  it('should be ok again when the failures are older than the window', async () => {
    const time = { now: 1_000_000 };
    const registry = registryAt(time);
    registry.recordFailure('ledger', new Error('no quorum'));
    time.now += RECENT_FAILURE_MS + 1;
    expect((await registry.report('all')).status).toBe('ok');
  });

  it('should show failures of something without a probe, such as requests answered with 5xx', async () => {
    const registry = registryAt({ now: 1_000_000 });
    registry.recordFailure('http', '500 GET /v1/firms (request 3f2a)');
    const report = await registry.report('all');
    expect(report.status).toBe('degraded');
    expect(report.dependencies.http).toMatchObject({ ok: true, degraded: true, recentFailures: 1 });
  });
});
