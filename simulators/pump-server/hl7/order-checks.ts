import { isPumplabError } from '../../../core/errors.ts';
import type { DeliveryState } from '../../contract/pump-messages.ts';
import type { ProgramOrder } from '../../contract/server-commands.ts';
import { programOrderOf, type InfusionOrder } from '../../hl7/pcd/pcd03-read.ts';
import { toMlPerHour } from '../../pump/dose-calculator.ts';
import type { FleetInventory } from '../event-store.ts';
import { hl7Defaults } from './hl7-options.ts';
import { refusal, type OrderOutcome } from './order-outcome.ts';
import type { PatientRegistry } from './patient-registry.ts';
import { careAreaOfUnit } from './unit-care-areas.ts';

/** What the checks read: the ADT registry, the fleet inventory and the unit → care area mapping. */
export interface OrderCheckParts {
  registry: Pick<PatientRegistry, 'get'>;
  inventory: Pick<FleetInventory, 'get'>;
  unitCareAreas: Readonly<Record<string, string>>;
  autoStart: boolean;
}

/** An order that passed the server's checks: the pump command it becomes. */
export interface CheckedOrder {
  serial: string;
  program: ProgramOrder;
}

/** Delivery states in which a pump runs (or holds) an infusion: it takes no new order (TF-2 B.3 9002). */
const busyStates: ReadonlySet<DeliveryState> = new Set(['infusing', 'paused', 'kvo', 'alarm']);
/** Alarms that stop delivery (IEC 60601-2-24): a pump showing one cannot start (9033). */
const blockingAlarms: ReadonlySet<string> = new Set(['occlusion', 'air-in-line']);

/**
 * The pump server's checks of a [PCD-03] order before the pump sees it (IHE PCD TF-2 3.3.4.4 and the
 * B.3 error table): the patient is known from ADT and admitted; the pump (OBX-18 of the 69986 OBX) is
 * in the inventory, connected, idle and without a delivery-stopping alarm; its care area is the one
 * of the patient's unit (PV1-3, from ADT); an order weight agrees with the ADT weight. The drug and
 * its limits are left to the pump's own library (dose error reduction): the server does not guess
 * what the pump will accept. A refused order never reaches the pump.
 *
 * @example const checked = checkOrder(order, parts); if ('accepted' in checked) answer(checked);
 */
export function checkOrder(order: InfusionOrder, parts: OrderCheckParts): CheckedOrder | OrderOutcome {
  const patient = parts.registry.get(order.patient.mrn);
  if (!patient) return refusal('HL7_UNKNOWN_PATIENT', 'no ADT names this patient');
  if (!patient.admitted) return refusal('HL7_PATIENT_NOT_ADMITTED', 'the patient was discharged');
  const pump = parts.inventory.get(order.pumpId);
  if (!pump) return refusal('HL7_UNKNOWN_PUMP', `pump ${order.pumpId} is not in the inventory`);
  if (!pump.online) return refusal('HL7_PUMP_OFFLINE', `pump ${order.pumpId} is not connected`);
  if (pump.state && busyStates.has(pump.state)) return refusal('PUMP_BUSY', `pump state ${pump.state}`);
  if (pump.alarms.some((alarm) => blockingAlarms.has(alarm))) {
    return refusal('PUMP_ALARM_ACTIVE', `alarms ${pump.alarms.join(',')}`);
  }
  const careArea = careAreaOfUnit(patient.location?.unit, parts.unitCareAreas);
  if (careArea === undefined || careArea !== pump.careArea) {
    return refusal(
      'HL7_CARE_AREA_MISMATCH',
      `pump care area ${pump.careArea ?? 'unknown'}, patient care area ${careArea ?? 'unknown'}`,
    );
  }
  const weightKg = order.weightKg ?? patient.weightKg;
  if (order.weightKg !== undefined && patient.weightKg !== undefined) {
    const gap = Math.abs(order.weightKg - patient.weightKg) / patient.weightKg;
    if (gap > hl7Defaults.weightTolerance) {
      return refusal('HL7_WEIGHT_MISMATCH', `order and ADT weights differ by ${Math.round(gap * 100)} %`);
    }
  }
  return rateOf(order, weightKg, parts.autoStart);
}

/**
 * The program command. A dose rate ordered with the bag's concentration (RXG-17/23) becomes a rate
 * here, and the pump gets both: it converts the dose rate again at its library's concentration and
 * refuses when the two disagree (library-guard.ts), so a bag of another strength than the library's
 * is caught. A dose rate without a concentration goes as it is, for the pump's dose calculator.
 */
function rateOf(
  order: InfusionOrder,
  weightKg: number | undefined,
  autoStart: boolean,
): CheckedOrder | OrderOutcome {
  const program: ProgramOrder = {
    ...programOrderOf(order),
    ...(weightKg === undefined ? {} : { weightKg }),
    autoStart,
  };
  if (order.doseRate && order.concentration) {
    try {
      program.rate = Math.round(toMlPerHour(order.doseRate, order.concentration, weightKg) * 1e4) / 1e4;
    } catch (error) {
      if (!isPumplabError(error)) throw error;
      return refusal(error.code, error.message);
    }
  }
  return { serial: order.pumpId, program };
}
