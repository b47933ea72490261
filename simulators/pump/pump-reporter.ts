import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { EventType, StatusMessage } from '../contract/pump-messages.ts';
import type { Delivery } from './delivery.ts';
import type { DeliveryEvent } from './delivery-types.ts';
import type { LocalStore } from './local-store.ts';
import type { MessageEmitter } from './message-emitter.ts';
import type { PumpIdentity } from './pump-options.ts';
import { historyEntry, infusionPayload } from './pump-payloads.ts';

/** Events after which the infusion's history record is written to the local store. */
const historyEvents: ReadonlySet<EventType> = new Set<EventType>([
  'infusion-started',
  'infusion-paused',
  'infusion-resumed',
  'infusion-completed',
  'infusion-stopped',
]);

/** Where the reporter reads the pump's state and sends its messages. */
export interface PumpReporterOptions {
  emitter: MessageEmitter;
  delivery: () => Delivery;
  store: () => LocalStore;
  identity: () => PumpIdentity;
  battery: () => number;
  clock: Clock;
  logger: Logger;
}

/**
 * Turns the pump's state into contract payloads: a status after every change (and on the timer),
 * an event per delivery event, and a history record in the local store at the points a pump logs.
 */
export class PumpReporter {
  constructor(private readonly options: PumpReporterOptions) {}

  /** A fresh status snapshot with the next envelope. */
  status(): StatusMessage {
    const delivery = this.options.delivery();
    const view = delivery.infusion();
    const { model, careArea, firmware, libraryVersion } = this.options.identity();
    return {
      ...this.options.emitter.envelope(),
      model,
      firmware,
      libraryVersion,
      careArea,
      state: delivery.state,
      alarms: delivery.alarms.list(),
      batteryPercent: this.options.battery(),
      infusion: view ? infusionPayload(view) : null,
    };
  }

  /** Publishes events, then the status they leave the pump in (a status alone for a silent change). */
  publish(events: DeliveryEvent[]): void {
    this.emitEvents(events);
    if (events.some((event) => historyEvents.has(event.type))) this.recordHistory();
    this.publishStatus();
  }

  /** Publishes events, each with the state and infusion after them. */
  emitEvents(events: DeliveryEvent[]): void {
    const delivery = this.options.delivery();
    const view = delivery.infusion();
    const infusion = view ? infusionPayload(view) : null;
    for (const event of events) {
      const payload = { ...this.options.emitter.envelope(), ...event, state: delivery.state, infusion };
      this.options.emitter.send({ channel: 'events', payload });
    }
  }

  publishStatus(): void {
    this.options.emitter.send({ channel: 'status', payload: this.status() });
  }

  /** Writes the current infusion to the history; a full disk is logged, never allowed to stop delivery. */
  recordHistory(): void {
    const view = this.options.delivery().infusion();
    if (!view || view.startedAt === undefined) return;
    try {
      this.options.store().recordInfusion(historyEntry(view, this.options.clock.now()));
    } catch (error) {
      this.options.logger.error({ err: (error as Error).message }, 'could not write the local store');
    }
  }
}
