import type { Logger } from '../../../core/logger.ts';
import type { ContractMessage } from '../contract-message.ts';

/** Called with each pump message the server has just applied. */
export type FeedListener = (message: ContractMessage) => void;

/**
 * The pump server's subscription hook: every status, event and command result once, after the event
 * store recorded it (never a redelivery), and every presence change after the inventory applied it.
 * It runs inside the broker's publish authorization, before the PUBACK (MQTT 3.1.1 4.3.2), so a
 * listener must be quick, and a listener that throws is logged and never fails the pump's publish.
 *
 * @example const stop = server.feed.subscribe((message) => reporter.observe(message)); stop();
 */
export class MessageFeed {
  private readonly listeners = new Set<FeedListener>();

  constructor(private readonly logger: Logger) {}

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hands `message` to every listener, in subscription order. */
  publish(message: ContractMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(
          { err: error, pump: message.serial, channel: message.channel },
          'feed listener failed',
        );
      }
    }
  }
}
