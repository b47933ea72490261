import type { Clock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import { policyForPeer, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import { hl7Defaults, type Hl7Peer, type PumpServerHl7Options } from './hl7-options.ts';
import type { Hl7Outbox } from './hl7-outbox.ts';
import { OutboxSender } from './outbox-sender.ts';
import type { OutgoingMessage } from './report-context.ts';

/** The outbox destination of the EHR. */
export const ehrDestination = 'ehr';

/** What the senders connect with: the server's identity (none for MLLP in clear) and its posture. */
export interface Hl7SendersParts {
  outbox: Hl7Outbox;
  material: TlsMaterial | undefined;
  checkRevocation: boolean;
  clock: Clock;
  logger: Logger;
}

/**
 * Every peer the HL7 side sends to, each with its outbox queue and sender: the EHR (`ehr`) and the
 * order senders with a return route (`sender:<MSH-3.1>`). Queuing writes the outbox first, then wakes
 * the destination's sender; after `close()` nothing more is queued.
 *
 * @example senders.queue(ehrDestination, { kind: 'pcd01', serial, controlId, message });
 */
export class Hl7Senders {
  private readonly senders = new Map<string, OutboxSender>();
  private readonly routes = new Map<string, string>();
  private closed = false;

  constructor(
    options: Pick<PumpServerHl7Options, 'ehr' | 'orderSenders' | 'retry'>,
    private readonly parts: Hl7SendersParts,
  ) {
    const retry = {
      retryInitialMs: options.retry?.initialMs ?? hl7Defaults.retryInitialMs,
      retryMaxMs: options.retry?.maxMs ?? hl7Defaults.retryMaxMs,
    };
    const add = (destination: string, peer: Hl7Peer): void => {
      const policy = policyForPeer({ checkRevocation: parts.checkRevocation }, peer);
      const tls = parts.material ? { tls: { material: parts.material, policy } } : {};
      const { outbox, clock, logger } = parts;
      this.senders.set(
        destination,
        new OutboxSender({ destination, peer, outbox, ...tls, clock, logger, ...retry }),
      );
    };
    if (options.ehr) add(ehrDestination, options.ehr);
    for (const [application, peer] of Object.entries(options.orderSenders ?? {})) {
      this.routes.set(application, `sender:${application}`);
      add(`sender:${application}`, peer);
    }
  }

  /** The destination of an order sender's application acknowledgements, by its MSH-3.1. */
  routeFor(application: string): string | undefined {
    return this.routes.get(application);
  }

  /** Queues one message durably and wakes its destination's sender. */
  queue(destination: string, outgoing: OutgoingMessage): void {
    if (this.closed) {
      this.parts.logger.warn({ destination, kind: outgoing.kind }, 'HL7 message not queued: closed');
      return;
    }
    this.parts.outbox.add({ destination, ...outgoing }, this.parts.clock.now());
    this.senders.get(destination)?.wake();
  }

  /** Sends what earlier runs left pending. */
  wakeAll(): void {
    for (const sender of this.senders.values()) sender.wake();
  }

  /** Stops every sender; what is pending stays in the outbox. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.senders.values()].map((sender) => sender.close()));
  }
}
