import { Client } from 'pg';
import { recordContentHash } from '../../src/evidence-chain/canonical/content-hash';
import { nodeSha256 } from '../../src/evidence-chain/canonical/sha256-node';
import { AccountabilityRecordEntity } from '../../src/alerts/entities/accountability-record.entity';
import { ALERT_EVIDENCE_KINDS } from '../../src/alerts/persistence/alert-evidence-kinds';
import { accountabilityRecord, appendEvents } from '../../src/alerts/persistence/alert-records';
import { ManualClock } from '../../src/platform/clock';
import { createTestDatabase } from '../support/database';
import { alertsEnv, assessmentSignal, seedAlertsWorld, startAlertsTestApp } from '../support/alerts-app';
import { startWeComReceiver } from '../support/alerts-receivers';

const HOUR = 3600_000;
// More than bulk-insert's COPY threshold, so the COPY path is the one checked.
const OVERDUE = 40;

/** Statements sent to PostgreSQL while `work` runs whose text mentions `table` as written to. */
async function writesTo(table: string, work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const original = Client.prototype.query;
  const pattern = new RegExp(`^\\s*(INSERT INTO|COPY) "?${table}"?`, 'i');
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (text && pattern.test(text)) count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof Client.prototype.query;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return count;
}

describe('alert escalation of many overdue alerts at once', () => {
  // Monday 2026-03-02 10:00 Beijing.
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  it('should write every accountability record in one statement, and every row with the leaf of its content', async () => {
    const db = await createTestDatabase();
    const wecom = await startWeComReceiver();
    const app = await startAlertsTestApp(db.url, alertsEnv({ ALERTS_ESCALATION_INTERVAL_MS: '3600000' }), clock);
    try {
      const world = await seedAlertsWorld(app, { wecomUrl: wecom.url });
      for (let i = 0; i < OVERDUE; i++)
        await app.alerts.onSignal(
          assessmentSignal({
            firmId: world.firms.xihu,
            cause: { kind: 'rule', ruleId: `R-${i}` },
            tier: 'orange',
            assessedAt: clock.now(),
          }),
        );
      await app.notifier.drain();
      clock.advance(25 * HOUR);

      let escalated = 0;
      const statements = await writesTo('accountability_records', async () => (escalated = await app.worker.tick()));
      expect(escalated).toBe(OVERDUE);
      expect(statements).toBe(1);

      const records = await app.dataSource.getRepository(AccountabilityRecordEntity).find();
      expect(records).toHaveLength(OVERDUE);
      const leaves: Array<{ record_id: string; content_hash: Buffer }> = await app.dataSource.query(
        `SELECT record_id, content_hash FROM evidence_leaves WHERE record_kind = 'accountability'`,
      );
      const hashes = new Map(leaves.map((l) => [l.record_id, Buffer.from(l.content_hash).toString('hex')]));
      for (const record of records) {
        expect(record).toMatchObject({ tier: 'orange', responsibleRole: 'county_officer', lateByMs: String(HOUR) });
        expect(hashes.get(record.id)).toBe(
          Buffer.from(recordContentHash(accountabilityRecord(record), nodeSha256)).toString('hex'),
        );
      }
      const [{ red, notices }] = await app.dataSource.query(
        `SELECT (SELECT count(*)::int FROM alerts WHERE tier = 'red' AND escalation_level = 1) AS red,
                (SELECT count(*)::int FROM alert_events WHERE kind = 'notification' AND action = 'escalated') AS notices`,
      );
      expect({ red, notices }).toEqual({ red: OVERDUE, notices: OVERDUE });
      await app.notifier.drain();

      // The delivery rows of both rounds (opened, escalated) rehash, as the tamper scan does, to their leaves.
      const deliveryLeaves: Array<{ record_id: string; content_hash: Buffer }> = await app.dataSource.query(
        `SELECT record_id, content_hash FROM evidence_leaves WHERE record_kind = 'alert_delivery'`,
      );
      const [{ rows }] = await app.dataSource.query(`SELECT count(*)::int AS rows FROM alert_deliveries`);
      expect(deliveryLeaves).toHaveLength(rows);
      const rehash = ALERT_EVIDENCE_KINDS.find((k) => k.name === 'alert_delivery')!.rehasher;
      const rehashed = await rehash(
        app.dataSource.manager,
        deliveryLeaves.map((l) => l.record_id),
      );
      // A note has no payload: stored as SQL NULL, not as a JSON null, beside events that have one.
      const [{ id: alertId, firm_id: firmId }] = await app.dataSource.query(`SELECT id, firm_id FROM alerts LIMIT 1`);
      const [noteId, systemId] = await app.dataSource.transaction((m) =>
        appendEvents(m, { id: alertId, firmId }, 1, [
          {
            kind: 'note',
            action: 'note',
            actor: { kind: 'system', component: 'test' },
            at: clock.now(),
            reason: '备注',
          },
          {
            kind: 'system',
            action: 'update',
            actor: { kind: 'system', component: 'test' },
            at: clock.now(),
            payload: { a: '"引号"\\' },
          },
        ]),
      );
      const stored = await app.dataSource.query(
        `SELECT id, payload IS NULL AS "sqlNull", payload FROM alert_events WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC`,
        [[noteId, systemId], noteId],
      );
      expect(stored).toEqual([
        { id: noteId, sqlNull: true, payload: null },
        { id: systemId, sqlNull: false, payload: { a: '"引号"\\' } },
      ]);
      for (const l of deliveryLeaves)
        expect(Buffer.from(rehashed.get(l.record_id)!).toString('hex')).toBe(
          Buffer.from(l.content_hash).toString('hex'),
        );
    } finally {
      await app.close();
      await wecom.close();
      await db.drop();
    }
  });
});
