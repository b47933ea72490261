import type { StatusMessage } from '../../contract/pump-messages.ts';
import { buildPcd01 } from '../../hl7/pcd/pcd01-device-observation.ts';
import type { PumpAssociation } from './pump-associations.ts';
import { patientOf, type ReportContext } from './report-context.ts';

/** The last [PCD-01] sent for a pump: what it said, and the observation time (lab ms). */
interface LastReport {
  key: string;
  observedAt: number;
}

/**
 * The pump server as [PCD-01] Device Observation Reporter (IHE PCD TF-2 3.1): for each pump with an
 * associated patient, an ORU^R01 whenever the pump reports a new state, infusion or rate, and while
 * it infuses at least every `periodMs` of lab time. Each report is built from a status the pump
 * really sent (its `sentAt` is OBX-14), so the period is kept to within the pump's status interval.
 * A pump that reports another infusion than its order's is no longer the patient's: the association
 * ends and nothing more is charted for them.
 */
export class Pcd01Reporter {
  private readonly last = new Map<string, LastReport>();
  private readonly latest = new Map<string, StatusMessage>();

  constructor(
    private readonly context: ReportContext,
    private readonly periodMs: number,
  ) {}

  /** Takes one status report from the feed. */
  observe(status: StatusMessage): void {
    const { serial } = status;
    this.latest.set(serial, status);
    const association = this.context.associations.of(serial);
    if (!association || !this.stillAssociated(status, association)) return;
    const key = `${status.state}|${status.infusion?.infusionId ?? ''}|${status.infusion?.rate ?? ''}`;
    const observedAt = Date.parse(status.sentAt);
    const previous = this.last.get(serial);
    if (previous) {
      // A resend from before the last report (a reconnect) says nothing new.
      if (observedAt < previous.observedAt) return;
      const flowing = status.state === 'infusing' || status.state === 'kvo';
      const due = flowing && observedAt - previous.observedAt >= this.periodMs;
      if (previous.key === key && !due) return;
    }
    this.report(status, association, key);
  }

  /** A pump was just associated: chart its latest status at once (its programmed state). */
  associated(serial: string): void {
    const status = this.latest.get(serial);
    const association = this.context.associations.of(serial);
    this.last.delete(serial);
    if (status && association) this.observe(status);
  }

  private stillAssociated(status: StatusMessage, association: PumpAssociation): boolean {
    const running = status.infusion?.infusionId;
    if (running === undefined || running === association.infusionId) return true;
    this.context.associations.release(status.serial, association.infusionId);
    this.last.delete(status.serial);
    this.context.logger.info(
      { pump: status.serial, infusionId: association.infusionId, now: running },
      'pump association ended: the pump runs another infusion',
    );
    return false;
  }

  private report(status: StatusMessage, association: PumpAssociation, key: string): void {
    const { context } = this;
    const controlId = context.controlIds();
    const message = buildPcd01({
      status,
      ...patientOf(context.registry, association.mrn),
      controlId,
      at: context.clock.now(),
      offsetMinutes: context.offsetMinutes,
      sender: context.sender,
      receiver: context.receiver,
    });
    context.toEhr({ kind: 'pcd01', serial: status.serial, controlId, message });
    this.last.set(status.serial, { key, observedAt: Date.parse(status.sentAt) });
    context.logger.debug({ pump: status.serial, controlId, state: status.state }, 'PCD-01 queued');
  }
}
