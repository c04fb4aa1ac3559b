/** The partitioned streams: one topic each, every message keyed by the firm's credit code. */
export const FEED_STREAMS = ['firm-changes', 'assessment-signals'] as const;
export type FeedStream = (typeof FEED_STREAMS)[number];

/** One relayed change_outbox row. `id` (the row's bigserial, as a string) grows with every change. */
export interface FeedMessage {
  id: string;
  key: string;
  payload: Record<string, unknown>;
}

/** Which partitions of a stream this process owns now; 'all' on the in-process bus. */
export type Assignment = { partitions: readonly number[]; of: number } | 'all';

/** What consumes one stream: messages of one key arrive in the order they were written. */
export interface FeedHandler {
  handle(messages: readonly FeedMessage[]): Promise<void>;
  /** The owned partitions changed (group join, rebalance, another replica died). */
  assigned?(assignment: Assignment): void;
}

/**
 * Carries outbox rows to the stream's consumer: Kafka when KAFKA_BROKERS is set (replicas share the
 * partitions as one consumer group), else a queue inside this process (the embedded default).
 */
export interface ChangeBus {
  readonly kind: 'kafka' | 'in-process';
  /** Resolves once the messages are safe: acknowledged by Kafka, or handled in this process. */
  publish(stream: FeedStream, messages: readonly FeedMessage[]): Promise<void>;
  consume(stream: FeedStream, handler: FeedHandler): Promise<void>;
  /** This process's relay of the stream just became its leader (the in-process bus then owns every firm). */
  leading?(stream: FeedStream): void;
}

export const CHANGE_BUS = Symbol('CHANGE_BUS');
