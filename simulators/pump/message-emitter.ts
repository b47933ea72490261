import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { CommandResultMessage, EventMessage, StatusMessage } from '../contract/pump-messages.ts';

/** A message the pump publishes, tagged with its contract channel. */
export type OutgoingMessage =
  | { channel: 'status'; payload: StatusMessage }
  | { channel: 'events'; payload: EventMessage }
  | { channel: 'command-results'; payload: CommandResultMessage };

/** The fields every pump payload carries (docs/mqtt-topic-contract.md, "Envelope"). */
export interface Envelope {
  serial: string;
  boot: string;
  seq: number;
  sentAt: string;
}

/**
 * Stamps payloads with the envelope and hands them to listeners. `seq` rises by one per message
 * across all channels within a boot, so the server can store each (serial, boot, seq) exactly once
 * although QoS 1 delivers at least once (MQTT 3.1.1 4.3.2).
 */
export class MessageEmitter {
  private nextSeq = 0;
  private readonly listeners = new Set<(message: OutgoingMessage) => void>();

  constructor(
    private readonly serial: string,
    readonly boot: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A fresh envelope: the next seq and the lab time now. */
  envelope(): Envelope {
    const sentAt = new Date(this.clock.now()).toISOString();
    return { serial: this.serial, boot: this.boot, seq: this.nextSeq++, sentAt };
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (message: OutgoingMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers to every listener; one that throws is logged and does not stop the others or the pump. */
  send(message: OutgoingMessage): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error(
          { err: (error as Error).message, channel: message.channel },
          'message listener failed',
        );
      }
    }
  }
}
