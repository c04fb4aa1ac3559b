import type { EntityManager } from 'typeorm';
import type { AlertMessageKind } from '../channels/alert-message';
import type { Alert } from '../domain/alert';
import type { AlertTier } from '../../scoring/grading/alert-tier';
import { fromStoredAlert, toStoredAlert, type StoredAlert } from './alert-json';

// The outbox's clock is the database's (now()), not the alerts clock: a lease is about whether a
// process is still alive, which the alerts clock (moved by days in tests) says nothing about.

export interface OutboxEntry {
  eventId: string;
  alert: Alert;
  kind: AlertMessageKind;
  previousTier?: AlertTier;
}

/** Puts notifications in the outbox, leased to this process for `leaseMs` while it sends them. */
export async function addToOutbox(m: EntityManager, entries: readonly OutboxEntry[], leaseMs: number): Promise<void> {
  if (!entries.length) return;
  await m.query(
    `INSERT INTO alert_outbox (event_id, alert_id, kind, previous_tier, alert_state, created_at, lease_until, sends)
     SELECT e, a, k, p, s, now(), now() + make_interval(secs => $6::double precision / 1000), 1
       FROM ROWS FROM (unnest($1::uuid[]), unnest($2::uuid[]), unnest($3::text[]), unnest($4::alert_tier[]), jsonb_array_elements($5::jsonb))
         AS t(e, a, k, p, s)`,
    [
      entries.map((e) => e.eventId),
      entries.map((e) => e.alert.id),
      entries.map((e) => e.kind),
      entries.map((e) => e.previousTier ?? null),
      // One JSON array, not jsonb[]: the driver would escape every quote of every state into an array literal.
      `[${entries.map((e) => JSON.stringify(toStoredAlert(e.alert))).join(',')}]`,
      leaseMs,
    ],
  );
}

/** Takes notifications out once their delivery rows are stored (in the same transaction). */
export async function removeFromOutbox(m: EntityManager, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length) await m.query(`DELETE FROM alert_outbox WHERE event_id = ANY($1::uuid[])`, [eventIds]);
}

/**
 * Claims up to `limit` notifications whose lease has run out (their sender died or never got to
 * store the deliveries), oldest first, leasing them to the caller for `leaseMs`. Replicas skip each
 * other's claims (SKIP LOCKED), so each is sent again by one of them.
 */
export async function claimExpired(
  m: EntityManager,
  limit: number,
  leaseMs: number,
): Promise<Array<OutboxEntry & { sends: number; createdAt: Date }>> {
  // A CTE, so the driver returns the rows as for a SELECT.
  const rows = (await m.query(
    `WITH claimed AS (
       UPDATE alert_outbox o SET lease_until = now() + make_interval(secs => $2::double precision / 1000), sends = o.sends + 1
        WHERE o.event_id IN (SELECT event_id FROM alert_outbox WHERE lease_until < now() ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING o.event_id, o.kind, o.previous_tier, o.alert_state, o.sends, o.created_at
     )
     SELECT * FROM claimed ORDER BY created_at, event_id`,
    [limit, leaseMs],
  )) as Array<{
    event_id: string;
    kind: AlertMessageKind;
    previous_tier: AlertTier | null;
    alert_state: StoredAlert;
    sends: number;
    created_at: Date;
  }>;
  return rows.map((r) => ({
    eventId: r.event_id,
    kind: r.kind,
    previousTier: r.previous_tier ?? undefined,
    alert: fromStoredAlert(r.alert_state),
    sends: r.sends,
    createdAt: r.created_at,
  }));
}
