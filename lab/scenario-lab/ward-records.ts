import { drugEntrySchema } from '../../simulators/contract/drug-library.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { InfusionOrder } from '../../simulators/ehr/infusion-order.ts';
import { isDoseUnit, toMlPerHour } from '../../simulators/pump/dose-calculator.ts';
import type { ChartView, OrderView, PatientView } from '../../scenarios/engine/lab-under-test.ts';
import type { ClinicalInfusion } from '../embedded/clinical-ward.ts';

/**
 * The infusions the ward was given at start, as the EHR ordered them: the ones the pump server
 * accepted, each with its ordered rate in mL/h. A dose-rate order is converted as the pump server
 * converts it (order-checks.ts: the patient's weight, the drug's concentration, 4 decimals).
 */
export function orderedInfusions(ehr: Ehr, infusions: readonly ClinicalInfusion[]): OrderView[] {
  const orders = new Map(ehr.orders().map((order) => [order.orderId, order]));
  return infusions.flatMap((infusion) => {
    const order = orders.get(infusion.orderId);
    if (infusion.outcome !== 'accepted' || !order) return [];
    const rate = orderedRate(order, ehr.patient(order.mrn).weightKg);
    if (rate === undefined) return [];
    const { orderId, mrn, serial, drugId } = infusion;
    return [{ orderId, mrn, serial, drugId, rate }];
  });
}

/** A concentration as a pump library states it (the unit of an EHR order is free text). */
const libraryConcentration = drugEntrySchema.shape.concentration.pick({ amount: true, unit: true });

/** An order's rate in mL/h; undefined for a dose or concentration unit no pump library uses. */
export function orderedRate(order: InfusionOrder, weightKg: number): number | undefined {
  const { dose } = order;
  if (dose.kind === 'rate') return dose.mlPerHour;
  const concentration = libraryConcentration.safeParse(order.concentration);
  if (!isDoseUnit(dose.unit) || !concentration.success) return undefined;
  return Math.round(toMlPerHour(dose, concentration.data, weightKg) * 1e4) / 1e4;
}

/** Every patient the EHR holds, by MRN and name: what a disclosed record would show. */
export function wardPatients(ehr: Ehr): PatientView[] {
  return ehr.patients().map((patient) => ({
    mrn: patient.mrn,
    name: `${patient.given} ${patient.family}`,
    careArea: patient.admitted ? patient.careArea : null,
  }));
}

/**
 * One patient's chart, as the nurse sees it: each pump observation and each alarm announcement
 * (an alarm's `end` phase is the alarm clearing, not an alarm reaching the nurse), at the lab time
 * the EHR charted it.
 */
export function chartOf(ehr: Ehr, mrn: string): ChartView {
  const chart = ehr.chart(mrn);
  return {
    observations: chart.observations.map((entry) => ({
      at: Date.parse(entry.receivedAt),
      serial: entry.pumpId,
      rate: entry.rateMlPerHour ?? null,
      controlId: entry.controlId,
    })),
    alarms: chart.alarms
      .filter((entry) => entry.phase !== 'end')
      .map((entry) => ({
        at: Date.parse(entry.receivedAt),
        serial: entry.pumpId ?? '',
        code: entry.alarm ?? entry.condition.code,
        controlId: entry.controlId,
      })),
  };
}
