import type { DrugEntry } from '../contract/drug-library.ts';
import type { AlarmCode, EventType } from '../contract/pump-messages.ts';

/** Keep-vein-open rate after the VTBI, mL/h (or the programmed rate, if lower): the usual pump default. */
export const kvoRateMlPerHour = 1;
/** The fastest the mechanism can pump, mL/h, whatever asks (the contract's care-area ceiling). */
export const mechanismMaxRateMlPerHour = 1200;

/** Free detail carried by an event (the contract allows strings, numbers and booleans). */
export type EventDetail = Record<string, string | number | boolean>;

/** Something that happened to the delivery, for the pump to publish as an event. */
export interface DeliveryEvent {
  type: EventType;
  alarm?: AlarmCode;
  detail?: EventDetail;
}

/** An infusion the library guard allowed, as the pump will run it. */
export interface ProgrammedInfusion {
  infusionId: string;
  patientId?: string;
  drug: DrugEntry;
  /** mL/h. */
  rate: number;
  /** mL. */
  vtbi: number;
  weightKg?: number;
}

/** The current or last infusion with its volumes now. */
export interface InfusionView {
  program: ProgrammedInfusion;
  flowRate: number;
  volumeInfused: number;
  kvoVolume: number;
  startedAt?: number;
  endedAt?: number;
}
