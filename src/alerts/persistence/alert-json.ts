import type { Alert, AlertStep } from '../domain/alert';

/** An Alert as stored in alerts.state and event payloads: dates as ISO strings. */
export type StoredAlert = Omit<Alert, 'openedAt' | 'updatedAt' | 'lastSignalAt' | 'ackDeadline' | 'history'> & {
  openedAt: string;
  updatedAt: string;
  lastSignalAt: string;
  ackDeadline: string | null;
  history: Array<Omit<AlertStep, 'at'> & { at: string }>;
};

export function toStoredAlert(alert: Alert): StoredAlert {
  return {
    ...alert,
    openedAt: alert.openedAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    lastSignalAt: alert.lastSignalAt.toISOString(),
    ackDeadline: alert.ackDeadline?.toISOString() ?? null,
    history: alert.history.map((s) => ({ ...s, at: s.at.toISOString() })),
  };
}

export function fromStoredAlert(stored: StoredAlert): Alert {
  return {
    ...stored,
    openedAt: new Date(stored.openedAt),
    updatedAt: new Date(stored.updatedAt),
    lastSignalAt: new Date(stored.lastSignalAt),
    ackDeadline: stored.ackDeadline ? new Date(stored.ackDeadline) : null,
    history: stored.history.map((s) => ({ ...s, at: new Date(s.at) })),
  };
}
