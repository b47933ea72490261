import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PackageInstall, PumpView } from '../../scenarios/engine/lab-under-test.ts';

/**
 * Watches the ward's pumps for a run: every alarm each raises, from the moment the lab is handed to
 * the run (the pump's own outgoing events, whether or not the server ever heard them: an alarm a DoS
 * kept from the nurse still rang at the bedside), and a view of each pump on demand.
 */
export class PumpObserver {
  private readonly raised = new Map<string, { at: number; code: string }[]>();
  private readonly installed = new Map<string, PackageInstall[]>();
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly fleet: Fleet,
    /** The pump's address in the pump network, by its 0-based position in the ward. */
    private readonly addressOf: (position: number) => string,
  ) {
    for (const serial of fleet.serials) {
      const alarms: { at: number; code: string }[] = [];
      const installs: PackageInstall[] = [];
      this.raised.set(serial, alarms);
      this.installed.set(serial, installs);
      const stop = fleet.pump(serial)?.onMessage((message) => {
        if (message.channel !== 'events') return;
        const { type, alarm, sentAt, detail } = message.payload;
        const at = Date.parse(sentAt);
        if (type === 'alarm-raised' && alarm) alarms.push({ at, code: alarm });
        if ((type === 'library-installed' || type === 'firmware-installed') && detail) {
          const kind = type === 'library-installed' ? 'library' : 'firmware';
          installs.push({
            at,
            kind,
            version: String(detail['version']),
            signed: detail['signatureChecked'] === true,
          });
        }
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
          careArea: status.careArea,
          firmware: status.firmware,
          libraryVersion: status.libraryVersion,
          state: status.state,
          rate: infusion?.rate ?? null,
          volumeInfused: infusion?.volumeInfused ?? 0,
          infusionId: infusion?.infusionId ?? null,
          alarms: [...status.alarms],
          alarmsRaised: (this.raised.get(serial) ?? []).map((entry) => ({ ...entry })),
          installs: (this.installed.get(serial) ?? []).map((entry) => ({ ...entry })),
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
