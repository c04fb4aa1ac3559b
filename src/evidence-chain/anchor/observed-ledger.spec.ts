import { HealthRegistry } from '../../platform/health/health.registry';
import type { SignedCheckpoint } from '../checkpoint/checkpoint';
import type { Ledger } from './ledger';
import { ObservedLedger } from './observed-ledger';

describe(ObservedLedger.name, () => {
  // A ledger whose chain refuses every submission, as CometBFT does without a quorum.
  const refusing: Ledger = {
    kind: 'cometbft',
    submit: async () => {
      throw new Error('no validator answered');
    },
    anchorOf: async () => null,
  };
  const checkpoint = {} as SignedCheckpoint;

  it('should pass a failed submission on and report the ledger degraded when the chain refuses it', async () => {
    const health = new HealthRegistry();
    health.register({ name: 'ledger', critical: false, probe: async () => '4/4 validators answering' });
    const ledger = new ObservedLedger(refusing, health);
    await expect(ledger.submit(checkpoint, () => [])).rejects.toThrow('no validator answered');
    const report = await health.report('anchor');
    expect(report.status).toBe('degraded');
    expect(report.dependencies.ledger).toMatchObject({
      ok: true,
      degraded: true,
      recentFailures: 1,
      lastFailure: { error: 'no validator answered' },
    });
  });

  it('should leave the ledger ok when its lookups succeed', async () => {
    const health = new HealthRegistry();
    const ledger = new ObservedLedger(refusing, health);
    expect(ledger.kind).toBe('cometbft');
    await expect(ledger.anchorOf(checkpoint)).resolves.toBeNull();
    expect((await health.report('anchor')).status).toBe('ok');
  });
});
