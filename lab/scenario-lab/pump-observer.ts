import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PumpView } from '../../scenarios/engine/lab-under-test.ts';

/**
 * Watches the ward's pumps for a run: every alarm each raises, from the moment the lab is handed to
 * the run (the pump's own outgoing events, whether or not the server ever heard them: an alarm a DoS
 * kept from the nurse still rang at the bedside), and a view of each pump on demand.
 */
export class PumpObserver {
  private readonly raised = new Map<string, { at: number; code: string }[]>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly fleet: Fleet,
    /** The pump's address in the pump network, by its 0-based position in the ward. */
    private readonly addressOf: (position: number) => string,
  ) {
    for (const serial of fleet.serials) {
      const alarms: { at: number; code: string }[] = [];
      this.raised.set(serial, alarms);
      const stop = fleet.pump(serial)?.onMessage((message) => {
        if (message.channel !== 'events' || message.payload.type !== 'alarm-raised') return;
        const { alarm, sentAt } = message.payload;
        if (alarm) alarms.push({ at: Date.parse(sentAt), code: alarm });
      });
      if (stop) this.stops.push(stop);
    }
  }

  /** Every pump of the ward as it is now, in ward order. */
  views(): PumpView[] {
    return this.fleet.serials.flatMap((serial, position) => {
      const pump = this.fleet.pump(serial);
      if (!pump) return [];
      // A fresh snapshot reads the meter now (volume integrated to this lab ms); it takes the
      // pump's next envelope seq, which only leaves a gap the server's (serial, boot, seq) store ignores.
      const status = pump.status();
      const { infusion } = status;
      return [
        {
          serial,
          address: this.addressOf(position),
          firmware: status.firmware,
          libraryVersion: status.libraryVersion,
          state: status.state,
          rate: infusion?.rate ?? null,
          volumeInfused: infusion?.volumeInfused ?? 0,
          infusionId: infusion?.infusionId ?? null,
          alarms: [...status.alarms],
          alarmsRaised: (this.raised.get(serial) ?? []).map((entry) => ({ ...entry })),
          connected: this.fleet.link(serial)?.stats.connected ?? false,
        },
      ];
    });
  }

  /** Stops listening to the pumps. */
  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
