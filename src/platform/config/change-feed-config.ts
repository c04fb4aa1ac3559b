// The partitioned streams (src/platform/change-feed/README.md): topic names, partition count, how often the
// outbox relay looks for work, and how long scoring serves its cross-firm context before re-reading it.

export interface ChangeFeedConfig {
  /** "Firm changed" events, keyed by credit code; scoring replicas are one consumer group. */
  firmChangesTopic: string;
  /** Assessment signals, keyed by credit code; alerts replicas are one consumer group. */
  signalsTopic: string;
  /** Partitions of both topics when the service creates them: the most replicas a role can use. */
  partitions: number;
  /** How often the outbox relay looks for rows nobody nudged it about. */
  relayIntervalMs: number;
  /** How old the cross-firm context (market, ownership graph, latest assessments of all firms) may get. */
  contextRefreshMs: number;
}

/** The part of platform/config's reader this needs. */
interface Reader {
  int(key: string, min: number, max: number): number | undefined;
  matching(key: string, pattern: RegExp, what: string): string | undefined;
}

const TOPIC = /^[A-Za-z0-9._-]{1,200}$/;
const TOPIC_CHARS = 'letters, digits and . _ -';

export function readChangeFeedConfig(read: Reader): ChangeFeedConfig {
  return {
    firmChangesTopic: read.matching('SCORING_CHANGES_TOPIC', TOPIC, TOPIC_CHARS) ?? 'scoring.firm-changes',
    signalsTopic: read.matching('ALERTS_SIGNALS_TOPIC', TOPIC, TOPIC_CHARS) ?? 'alerts.assessment-signals',
    partitions: read.int('CHANGE_FEED_PARTITIONS', 1, 1000) ?? 12,
    relayIntervalMs: read.int('CHANGE_FEED_RELAY_INTERVAL_MS', 10, 60_000) ?? 200,
    contextRefreshMs: read.int('SCORING_CONTEXT_REFRESH_MS', 100, 3_600_000) ?? 10_000,
  };
}
