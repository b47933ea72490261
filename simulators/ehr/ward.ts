import { PumplabError } from '../../core/errors.ts';
import type { InfusionOrder } from './infusion-order.ts';
import type { Patient } from './patient.ts';

/** An order's status (the order's own schema, infusion-order.ts). */
export type OrderStatus = InfusionOrder['status'];

/**
 * Where an order may go next: the point-of-care workstation starts it (in-progress) and completes
 * it; an order may be discontinued until it is completed. Completed and discontinued are final.
 */
const nextStatuses: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  active: ['in-progress', 'discontinued'],
  'in-progress': ['completed', 'discontinued'],
  completed: [],
  discontinued: [],
};

/** Filters of the patient list. */
export interface PatientFilter {
  admitted?: boolean;
  careArea?: string;
}

/** Filters of the order list. */
export interface OrderFilter {
  mrn?: string;
  status?: OrderStatus;
}

/**
 * The EHR's census and orders, in memory: the patients (with bed and admission state) and their
 * infusion orders. Readers get copies, so nothing outside changes the ward except through it.
 * Error messages never name a patient: they may reach logs (MRNs are PHI).
 *
 * @example const ward = new Ward(patients, orders); ward.patient('MRN100003').admitted
 */
export class Ward {
  private readonly patientsByMrn = new Map<string, Patient>();
  private readonly ordersById = new Map<string, InfusionOrder>();

  constructor(patients: readonly Patient[], orders: readonly InfusionOrder[]) {
    for (const patient of patients) this.patientsByMrn.set(patient.mrn, structuredClone(patient));
    for (const order of orders) this.ordersById.set(order.orderId, structuredClone(order));
  }

  /** Every patient matching `filter`, in MRN order. */
  patients(filter: PatientFilter = {}): Patient[] {
    return [...this.patientsByMrn.values()]
      .filter((patient) => filter.admitted === undefined || patient.admitted === filter.admitted)
      .filter((patient) => filter.careArea === undefined || patient.careArea === filter.careArea)
      .sort((a, b) => a.mrn.localeCompare(b.mrn))
      .map((patient) => structuredClone(patient));
  }

  /** The patient with `mrn`, or undefined. */
  find(mrn: string): Patient | undefined {
    const patient = this.patientsByMrn.get(mrn);
    return patient && structuredClone(patient);
  }

  /** @throws PumplabError EHR_PATIENT_NOT_FOUND */
  patient(mrn: string): Patient {
    const patient = this.find(mrn);
    if (!patient) throw new PumplabError('EHR_PATIENT_NOT_FOUND', 'No patient has that MRN.');
    return patient;
  }

  /** Replaces a known patient's record (admission state, bed) with `next`. */
  update(next: Patient): void {
    this.patient(next.mrn);
    this.patientsByMrn.set(next.mrn, structuredClone(next));
  }

  /** Every order matching `filter`, in order id order. */
  orders(filter: OrderFilter = {}): InfusionOrder[] {
    return [...this.ordersById.values()]
      .filter((order) => filter.mrn === undefined || order.mrn === filter.mrn)
      .filter((order) => filter.status === undefined || order.status === filter.status)
      .sort((a, b) => a.orderId.localeCompare(b.orderId))
      .map((order) => structuredClone(order));
  }

  /** @throws PumplabError EHR_ORDER_NOT_FOUND */
  order(orderId: string): InfusionOrder {
    const order = this.ordersById.get(orderId);
    if (!order) throw new PumplabError('EHR_ORDER_NOT_FOUND', `No order ${orderId}.`, { orderId });
    return structuredClone(order);
  }

  /**
   * Moves an order to `status`. Setting the status it already has changes nothing and succeeds, so
   * a workstation may retry a PATCH whose answer it lost.
   *
   * @throws PumplabError EHR_ORDER_NOT_FOUND, EHR_ORDER_TRANSITION_INVALID
   */
  setOrderStatus(orderId: string, status: OrderStatus): InfusionOrder {
    const order = this.order(orderId);
    if (order.status === status) return order;
    if (!nextStatuses[order.status].includes(status)) {
      throw new PumplabError(
        'EHR_ORDER_TRANSITION_INVALID',
        `Order ${orderId} is ${order.status} and cannot become ${status}.`,
        { orderId, from: order.status, to: status, allowed: [...nextStatuses[order.status]] },
      );
    }
    const next = { ...order, status };
    this.ordersById.set(orderId, next);
    return structuredClone(next);
  }
}
