import { PumplabError } from '../../core/errors.ts';
import type { InfusionOrder } from '../ehr/infusion-order.ts';
import type { Patient } from '../ehr/patient.ts';
import {
  parseMedicationLabel,
  parsePumpLabel,
  parseWristband,
  type MedicationLabel,
  type PumpLabel,
  type WristbandScan,
} from './barcodes.ts';
import { checkFiveRights, type ProgrammedDose, type RightsCheck } from './five-rights.ts';
import { rgvO15For } from './order-message.ts';
import type { ConfirmedInfusion, SessionContext, SessionState } from './session-context.ts';
import { outcomeOf, type SendOutcome } from './send-outcome.ts';

export type { ConfirmedInfusion, ConfirmHook, SessionContext, SessionState } from './session-context.ts';

interface Verified {
  order: InfusionOrder;
  patient: Patient;
  programmed: ProgrammedDose;
}

/**
 * One nurse's administration of one infusion, bar-code medication administration as SP 1800-8's
 * clinical workflow runs it: the point-of-care system sends the verified order to the pump server
 * over IHE PCD-03 (PIV profile, TF-1), and the nurse confirms at the pump. Each step is
 * allowed only in its state; anything else throws POC_WORKFLOW_STATE. A failed EHR or pump server
 * exchange leaves the state as it was, so the step can be retried.
 *
 * @example
 * const s = poc.session();
 * s.scanWristband('WB|MRN100004'); s.scanMedication('RX|ORD5000|heparin|100 units/mL'); s.scanPump('PUMP|PL00001');
 * if ((await s.verify()).ok && (await s.send()).status === 'accepted') await s.confirm();
 */
export class BcmaSession {
  private current: SessionState = 'awaiting-wristband';
  private wristband: WristbandScan | undefined;
  private medication: MedicationLabel | undefined;
  private pump: PumpLabel | undefined;
  private verified: Verified | undefined;
  private lastCheck: RightsCheck | undefined;
  private lastOutcome: SendOutcome | undefined;
  private started = false;

  constructor(private readonly context: SessionContext) {}

  get state(): SessionState {
    return this.current;
  }

  /** The last five-rights check, for the dashboard. */
  get check(): RightsCheck | undefined {
    return this.lastCheck;
  }

  /** The pump server's answer to the order, for the dashboard. */
  get outcome(): SendOutcome | undefined {
    return this.lastOutcome;
  }

  /** @throws PumplabError POC_WORKFLOW_STATE, POC_BARCODE_INVALID */
  scanWristband(code: string): WristbandScan {
    this.expect('scanWristband', 'awaiting-wristband');
    this.wristband = parseWristband(code);
    this.current = 'awaiting-medication';
    return this.wristband;
  }

  /** @throws PumplabError POC_WORKFLOW_STATE, POC_BARCODE_INVALID */
  scanMedication(code: string): MedicationLabel {
    this.expect('scanMedication', 'awaiting-medication');
    this.medication = parseMedicationLabel(code);
    this.current = 'awaiting-pump';
    return this.medication;
  }

  /** @throws PumplabError POC_WORKFLOW_STATE, POC_BARCODE_INVALID */
  scanPump(code: string): PumpLabel {
    this.expect('scanPump', 'awaiting-pump');
    this.pump = parsePumpLabel(code);
    this.current = 'ready-to-verify';
    return this.pump;
  }

  /**
   * Reads the order (by the label's order id) and the patient (by the wristband's MRN) from the EHR
   * and checks the five rights on the lab clock. `programmed` is the dose the nurse means to program,
   * by default the order's. After a failed check the nurse may verify again, e.g. with the right dose.
   *
   * @throws PumplabError POC_WORKFLOW_STATE, POC_EHR_NOT_FOUND, POC_EHR_UNAVAILABLE, POC_EHR_RESPONSE_INVALID
   */
  async verify(programmed?: ProgrammedDose): Promise<RightsCheck> {
    const before = this.expect('verify', 'ready-to-verify', 'checks-failed');
    const { wristband, medication, pump } = this.scans();
    this.current = 'verifying';
    try {
      const [order, patient] = await Promise.all([
        this.context.ehr.getOrder(medication.orderId),
        this.context.ehr.getPatient(wristband.mrn),
      ]);
      const dose = programmed ?? { dose: order.dose, vtbiMl: order.vtbiMl };
      const check = checkFiveRights({
        scanned: { wristband, medication, pump },
        order,
        patient,
        programmed: dose,
        now: this.context.clock.now(),
        ...(this.context.windowMs === undefined ? {} : { windowMs: this.context.windowMs }),
      });
      this.lastCheck = check;
      this.verified = check.ok ? { order, patient, programmed: dose } : undefined;
      this.current = check.ok ? 'verified' : 'checks-failed';
      this.context.logger.info(
        { ok: check.ok, failed: check.findings.map((f) => f.code) },
        'five rights checked',
      );
      return check;
    } catch (error) {
      this.current = before;
      throw error;
    }
  }

  /**
   * Sends the verified order to the pump server as RGV^O15 over MLLP and waits for its answer.
   *
   * @throws PumplabError POC_WORKFLOW_STATE, and the transport's errors (HL7_ACK_TIMEOUT,
   *   MLLP_CONNECTION_CLOSED, MLLP_TLS_HANDSHAKE_FAILED...), after which the order may be sent again
   */
  async send(): Promise<SendOutcome> {
    this.expect('send', 'verified');
    const { order, patient, programmed } = this.verified as Verified;
    const controlId = this.context.nextControlId();
    const text = rgvO15For({
      order,
      patient,
      programmed,
      pumpSerial: this.scans().pump.serial,
      ...(this.context.nurseId === undefined ? {} : { nurseId: this.context.nurseId }),
      controlId,
      at: this.context.clock.now(),
      sender: this.context.sender,
      receiver: this.context.receiver,
    });
    this.current = 'sending';
    try {
      const outcome = outcomeOf(controlId, await this.context.link.exchange(text));
      this.lastOutcome = outcome;
      this.current = outcome.status;
      const reasons = outcome.reasons.map((r) => r.pivCode ?? r.hl7Code);
      this.context.logger.info(
        { controlId, status: outcome.status, ack: outcome.ackCode, reasons },
        'PCD-03 answered',
      );
      return outcome;
    } catch (error) {
      this.current = 'verified';
      throw error;
    }
  }

  /**
   * The nurse confirms the accepted order: runs the `onConfirm` hook (which starts the pump), then
   * marks the EHR order in-progress.
   *
   * @throws PumplabError POC_WORKFLOW_STATE, POC_EHR_* (then confirm may be called again)
   */
  async confirm(): Promise<ConfirmedInfusion> {
    this.expect('confirm', 'accepted');
    const { order } = this.verified as Verified;
    const infusion: ConfirmedInfusion = {
      orderId: order.orderId,
      mrn: order.mrn,
      pumpSerial: this.scans().pump.serial,
      controlId: (this.lastOutcome as SendOutcome).controlId,
      confirmedAt: this.context.clock.now(),
    };
    this.current = 'confirming';
    try {
      if (!this.started) await this.context.onConfirm?.(infusion);
      this.started = true;
      await this.context.ehr.updateOrderStatus(order.orderId, 'in-progress');
      this.current = 'confirmed';
      return infusion;
    } catch (error) {
      this.current = 'accepted';
      throw error;
    }
  }

  private expect(action: string, ...allowed: SessionState[]): SessionState {
    if (allowed.includes(this.current)) return this.current;
    throw new PumplabError('POC_WORKFLOW_STATE', `${action}() is not allowed while ${this.current}.`, {
      action,
      state: this.current,
      allowed,
    });
  }

  private scans(): { wristband: WristbandScan; medication: MedicationLabel; pump: PumpLabel } {
    const { wristband, medication, pump } = this;
    if (!wristband || !medication || !pump) throw new TypeError('the session has not been scanned');
    return { wristband, medication, pump };
  }
}
