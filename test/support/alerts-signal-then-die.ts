// Child process of the outbox test: boots the alerts module (api role, no outbox sweeper) on the
// given database, applies one blue signal for the firm and kills itself (SIGKILL) the moment the
// deciding transaction has committed: the notification is decided and stored, and no message has
// left the process (its first connection to a receiver cannot have opened yet).
// Run: node -r @swc-node/register test/support/alerts-signal-then-die.ts <database url> <firm id> <env json>
import { ManualClock } from '../../src/platform/clock';
import { assessmentSignal, startAlertsTestApp } from './alerts-app';

async function main(): Promise<void> {
  const [databaseUrl, firmId, envJson] = process.argv.slice(2);
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));
  const app = await startAlertsTestApp(databaseUrl, JSON.parse(envJson) as Record<string, string>, clock, 'api');
  const result = await app.alerts.onSignal(assessmentSignal({ firmId, tier: 'blue', assessedAt: clock.now() }));
  if (!result.notified) throw new Error(`expected a notification, got ${result.decision}`);
  process.kill(process.pid, 'SIGKILL');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
