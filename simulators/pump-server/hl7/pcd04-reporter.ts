import type { AlarmCode, EventMessage } from '../../contract/pump-messages.ts';
import { buildPcd04, type AlarmPriority, type AlertPhase } from '../../hl7/pcd/pcd04-alarm.ts';
import type { FleetInventory } from '../event-store.ts';
import { patientOf, type ReportContext } from './report-context.ts';

/**
 * Alarm priority per condition (IHE PCD TF-2 Table B.8.5-1 facet 6; IEC 60601-1-8): delivery has
 * stopped (occlusion, air in line) is high; a pump the server cannot reach or a low battery is
 * medium; a finished bag is low.
 */
const priorities: Readonly<Record<AlarmCode, AlarmPriority>> = {
  occlusion: 'PH',
  'air-in-line': 'PH',
  'communication-lost': 'PM',
  'battery-low': 'PM',
  'infusion-complete': 'PL',
};

/** One alert transition to report. */
interface Transition {
  serial: string;
  alarm: AlarmCode;
  phase: Extract<AlertPhase, 'start' | 'end'>;
  alertId: string;
  /** Lab ms the transition happened. */
  at: number;
}

/**
 * The pump server as [PCD-04] Alert Reporter (IHE PCD TF-2 3.4): an ORU^R40 when a pump raises an
 * alarm (phase `start`, state `active`) and when it clears it (phase `end`, state `inactive`), with
 * one OBR-3 alert id across both. The server raises communication-lost itself when a pump's presence
 * goes offline (its last will, MQTT 3.1.1 3.1.2.5) and ends it when the pump is back. Pumps without a
 * patient are reported only with `reportUnassociated` (their alerts carry no PID).
 */
export class Pcd04Reporter {
  /** `serial alarm` → the alert id of the alarm in progress. */
  private readonly open = new Map<string, string>();
  /** Pumps whose communication-lost alert the server raised. */
  private readonly lost = new Set<string>();
  private stopped = false;

  constructor(
    private readonly context: ReportContext,
    private readonly inventory: Pick<FleetInventory, 'get'>,
    private readonly reportUnassociated: boolean,
  ) {}

  /** Takes one pump event from the feed; only alarm transitions matter here. */
  observeEvent(event: EventMessage): void {
    if (!event.alarm || (event.type !== 'alarm-raised' && event.type !== 'alarm-cleared')) return;
    const slot = `${event.serial} ${event.alarm}`;
    const at = Date.parse(event.sentAt);
    if (event.type === 'alarm-raised') {
      const alertId = `${event.serial}-${event.alarm}-${event.boot}-${event.seq}`;
      this.open.set(slot, alertId);
      this.report({ serial: event.serial, alarm: event.alarm, phase: 'start', alertId, at });
    } else {
      const alertId = this.open.get(slot) ?? `${event.serial}-${event.alarm}`;
      this.open.delete(slot);
      this.report({ serial: event.serial, alarm: event.alarm, phase: 'end', alertId, at });
    }
  }

  /**
   * A presence message the inventory has applied: offline raises, back online ends, communication-lost.
   * A last will arrives while the broker still holds the session it belongs to, so the inventory
   * marks the pump offline only as the broker lets the session go, just after (online-tracker.ts);
   * an offline message is therefore looked at again once that has happened.
   */
  observePresence(serial: string, saysOnline: boolean): void {
    this.checkPresence(serial);
    if (!saysOnline) setImmediate(() => this.checkPresence(serial));
  }

  /** Stops the checks still scheduled. */
  stop(): void {
    this.stopped = true;
  }

  private checkPresence(serial: string): void {
    if (this.stopped) return;
    const online = this.inventory.get(serial)?.online ?? false;
    const at = this.context.clock.now();
    const alertId = `${serial}-communication-lost-server`;
    if (!online && !this.lost.has(serial)) {
      this.lost.add(serial);
      this.report({ serial, alarm: 'communication-lost', phase: 'start', alertId, at });
    } else if (online && this.lost.delete(serial)) {
      this.report({ serial, alarm: 'communication-lost', phase: 'end', alertId, at });
    }
  }

  private report(transition: Transition): void {
    const { context } = this;
    const association = context.associations.of(transition.serial);
    if (!association && !this.reportUnassociated) return;
    const controlId = context.controlIds();
    const who = association ? patientOf(context.registry, association.mrn) : { patient: undefined };
    const message = buildPcd04({
      serial: transition.serial,
      model: this.inventory.get(transition.serial)?.model ?? '',
      alarm: transition.alarm,
      phase: transition.phase,
      state: transition.phase === 'start' ? 'active' : 'inactive',
      priority: priorities[transition.alarm],
      alertId: transition.alertId,
      ...who,
      controlId,
      at: transition.at,
      offsetMinutes: context.offsetMinutes,
      sender: context.sender,
      receiver: context.receiver,
    });
    context.toEhr({ kind: 'pcd04', serial: transition.serial, controlId, message });
    context.logger.info(
      { pump: transition.serial, alarm: transition.alarm, phase: transition.phase, controlId },
      'PCD-04 queued',
    );
  }
}
