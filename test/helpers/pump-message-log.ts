import type { OutgoingMessage, Pump } from '../../simulators/pump/pump.ts';

/** One message a pump emitted, with the real time (performance.now) it was emitted. */
export type LoggedMessage = OutgoingMessage & { realAt: number };

/** The store's identity of a message: MQTT redeliveries repeat it, new messages never do. */
export const envelopeKey = (payload: { serial: string; boot: string; seq: number }): string =>
  `${payload.serial}/${payload.boot}/${payload.seq}`;

/**
 * Records every message the watched pumps emit (`pump.onMessage`), before any link or broker sees
 * it: the ground truth a test compares the server's store with.
 */
export class PumpMessageLog {
  private readonly messages = new Map<string, LoggedMessage[]>();
  private readonly stops: (() => void)[] = [];

  /** Starts recording `pump`'s messages under `serial`. */
  watch(serial: string, pump: Pump): void {
    const log: LoggedMessage[] = this.messages.get(serial) ?? [];
    this.messages.set(serial, log);
    this.stops.push(pump.onMessage((message) => log.push({ ...message, realAt: performance.now() })));
  }

  /** Every message `serial` emitted since it was watched, in order. */
  of(serial: string): LoggedMessage[] {
    return this.messages.get(serial) ?? [];
  }

  /** The events `serial` emitted that match `predicate`. */
  events(
    serial: string,
    predicate: (event: Extract<OutgoingMessage, { channel: 'events' }>['payload']) => boolean,
  ) {
    return this.of(serial).flatMap((message) =>
      message.channel === 'events' && predicate(message.payload)
        ? [{ ...message.payload, realAt: message.realAt }]
        : [],
    );
  }

  /** Stops recording. */
  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
