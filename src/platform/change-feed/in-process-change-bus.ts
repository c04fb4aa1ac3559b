import type { ChangeBus, FeedHandler, FeedMessage, FeedStream } from './change-bus';

/**
 * The embedded default without Kafka: the relay hands each stream's outbox rows straight to this
 * process's handler (the relay's leader lock makes one process the consumer of each stream). A
 * stream nobody here consumes refuses the rows, so they stay in the outbox.
 */
export class InProcessChangeBus implements ChangeBus {
  readonly kind = 'in-process';
  private readonly handlers = new Map<FeedStream, FeedHandler>();

  async publish(stream: FeedStream, messages: readonly FeedMessage[]): Promise<void> {
    const handler = this.handlers.get(stream);
    if (!handler) throw new Error(`no consumer of ${stream} in this process`);
    await handler.handle(messages);
  }

  async consume(stream: FeedStream, handler: FeedHandler): Promise<void> {
    this.handlers.set(stream, handler);
  }

  // Another process may have consumed the stream while this one was not the leader: start afresh.
  leading(stream: FeedStream): void {
    this.handlers.get(stream)?.assigned?.('all');
  }
}
