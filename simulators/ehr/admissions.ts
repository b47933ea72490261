import { PumplabError } from '../../core/errors.ts';
import type { AdtEvent } from '../hl7/pcd/adt.ts';
import type { AdtDelivery, AdtNotifier } from './adt-notifier.ts';
import type { BedLocation, Patient } from './patient.ts';
import type { Ward } from './ward.ts';

/** A patient after an ADT event, and what became of the message to the pump server. */
export interface AdmissionResult {
  patient: Patient;
  adt: AdtDelivery;
}

/** Where a transfer goes: a bed, and the care area when it changes with the unit. */
export interface TransferTarget {
  location: BedLocation;
  careArea?: string;
}

/** What an A08 may change. */
export interface PatientChanges {
  weightKg?: number;
  allergies?: string[];
}

/**
 * Admission, transfer, discharge and update (ADT A01, A02, A03, A08; HL7 v2.6 3.3). The EHR is the
 * source of truth, but a change the pump server did not accept is not kept: the caller sees
 * EHR_ADT_NOT_DELIVERED and may retry, and the EHR and the pump server never disagree on where a
 * patient is. Changes to one patient run one at a time.
 *
 * @example const { patient, adt } = await admissions.admit('MRN100003'); // adt.acknowledgement 'CA'
 */
export class Admissions {
  private readonly visits = new Map<string, string>();
  private readonly admissionCounts = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ward: Ward,
    private readonly notifier: AdtNotifier,
  ) {}

  /** A01. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_ALREADY_ADMITTED, EHR_ADT_NOT_DELIVERED */
  admit(mrn: string): Promise<AdmissionResult> {
    return this.serially(mrn, async () => {
      const patient = this.ward.patient(mrn);
      if (patient.admitted) {
        throw new PumplabError('EHR_PATIENT_ALREADY_ADMITTED', 'The patient is already admitted.');
      }
      const count = (this.admissionCounts.get(mrn) ?? 0) + 1;
      const visit = `V${mrn.replace(/\D/g, '')}${String(count).padStart(2, '0')}`;
      const result = await this.apply('A01', { ...patient, admitted: true }, visit);
      this.admissionCounts.set(mrn, count);
      this.visits.set(mrn, visit);
      return result;
    });
  }

  /** A02. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_NOT_ADMITTED, EHR_ADT_NOT_DELIVERED */
  transfer(mrn: string, target: TransferTarget): Promise<AdmissionResult> {
    return this.serially(mrn, async () => {
      const patient = this.admitted(mrn);
      const next = { ...patient, location: target.location, careArea: target.careArea ?? patient.careArea };
      return this.apply('A02', next, this.visitOf(mrn), patient.location);
    });
  }

  /** A03. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_NOT_ADMITTED, EHR_ADT_NOT_DELIVERED */
  discharge(mrn: string): Promise<AdmissionResult> {
    return this.serially(mrn, async () => {
      const patient = this.admitted(mrn);
      const result = await this.apply('A03', { ...patient, admitted: false }, this.visitOf(mrn));
      this.visits.delete(mrn);
      return result;
    });
  }

  /** A08 (weight, allergies). @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_ADT_NOT_DELIVERED */
  update(mrn: string, changes: PatientChanges = {}): Promise<AdmissionResult> {
    return this.serially(mrn, async () => {
      const patient = this.ward.patient(mrn);
      return this.apply('A08', { ...patient, ...changes }, this.visitOf(mrn));
    });
  }

  /** Sends the event for `next`; only once the pump server accepted it does the ward change. */
  private async apply(
    event: AdtEvent,
    next: Patient,
    visit: string,
    priorLocation?: BedLocation,
  ): Promise<AdmissionResult> {
    const adt = await this.notifier.notify({
      event,
      patient: next,
      visit,
      ...(priorLocation ? { priorLocation } : {}),
    });
    this.ward.update(next);
    return { patient: this.ward.patient(next.mrn), adt };
  }

  private admitted(mrn: string): Patient {
    const patient = this.ward.patient(mrn);
    if (!patient.admitted) throw new PumplabError('EHR_PATIENT_NOT_ADMITTED', 'The patient is not admitted.');
    return patient;
  }

  /** PV1-19: the current visit, or a pre-admission one for a patient never admitted here. */
  private visitOf(mrn: string): string {
    return this.visits.get(mrn) ?? `V${mrn.replace(/\D/g, '')}00`;
  }

  private serially<T>(mrn: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(mrn) ?? Promise.resolve();
    const result = previous.then(work, work);
    const settled = result.catch(() => undefined);
    this.queues.set(mrn, settled);
    void settled.then(() => {
      if (this.queues.get(mrn) === settled) this.queues.delete(mrn);
    });
    return result;
  }
}
