import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { ParsedHl7 } from '../hl7/message/hl7-parse.ts';
import type { Hl7Party } from '../hl7/pcd/pcd-fields.ts';
import type { EhrClient } from './ehr-client.ts';

/**
 * Where the nurse is: scan wristband, medication and pump, verify the five rights, send the order,
 * then confirm. `verifying`, `sending` and `confirming` last while the EHR or the pump server answers.
 */
export type SessionState =
  | 'awaiting-wristband'
  | 'awaiting-medication'
  | 'awaiting-pump'
  | 'ready-to-verify'
  | 'verifying'
  | 'checks-failed'
  | 'verified'
  | 'sending'
  | 'accepted'
  | 'refused'
  | 'confirming'
  | 'confirmed';

/** The infusion the nurse confirmed: what the `onConfirm` hook gets. Holds the MRN: do not log it. */
export interface ConfirmedInfusion {
  orderId: string;
  mrn: string;
  pumpSerial: string;
  /** MSH-10 of the RGV^O15 the pump server accepted. */
  controlId: string;
  /** Lab clock, epoch milliseconds. */
  confirmedAt: number;
}

/**
 * Called when the nurse confirms an accepted order, before the EHR order is marked in-progress: the
 * integrator wires it to whatever starts the pump (the pump server programs it with autoStart false,
 * pcd03-read.ts programOrderOf). If it throws, nothing is marked and confirm() may be called again.
 */
export type ConfirmHook = (infusion: ConfirmedInfusion) => Promise<void>;

/** What a session works with; the PointOfCare gives each session the same. */
export interface SessionContext {
  ehr: Pick<EhrClient, 'getPatient' | 'getOrder' | 'updateOrderStatus'>;
  link: { exchange(message: string): Promise<ParsedHl7[]> };
  clock: Clock;
  /** MSH-3/4 (the workstation) and MSH-5/6 (the pump server). */
  sender: Hl7Party;
  receiver: Hl7Party;
  /** A fresh MSH-10 for each order sent. */
  nextControlId(): string;
  nurseId?: string;
  /** The "right time" window either side of dueAt, ms (default 30 min). */
  windowMs?: number;
  onConfirm?: ConfirmHook;
  logger: Logger;
}
