import type { DrugLibrary } from '../contract/drug-library.ts';
import type { ProgramOrder } from '../contract/server-commands.ts';
import type { Delivery } from './delivery.ts';
import type { DeliveryEvent, EventDetail } from './delivery-types.ts';
import { guardProgram } from './library-guard.ts';
import { round } from './pump-payloads.ts';

/**
 * Programs the delivery from a server order: refuses while an infusion is active, checks the order
 * against the library, records each confirmed soft-limit override as a `limit-override` event, and
 * starts at once when the order says so. Returns the events to publish and the result detail (what
 * a PCD-03 application acknowledgement reports: rate, dose, whether a soft limit was overridden).
 */
export function programInfusion(
  order: ProgramOrder,
  delivery: Delivery,
  library: DrugLibrary | null,
  careArea: string,
): { events: DeliveryEvent[]; detail: EventDetail } {
  delivery.assertProgrammable();
  if (order.autoStart) delivery.assertNoBlockingAlarm();
  const { drug, rateMlPerHour: rate, dose, overrides } = guardProgram(order, library, careArea);
  const { infusionId, patientId, vtbi, weightKg } = order;
  const events = delivery.program({ infusionId, patientId, drug, rate, vtbi, weightKg });
  for (const { limit, value, bound, unit } of overrides) {
    events.push({
      type: 'limit-override',
      detail: { drugId: drug.id, limit, value: round(value), bound, unit },
    });
  }
  if (order.autoStart) events.push(...delivery.start());
  const detail = { rate: round(rate), dose: round(dose.value), doseUnit: dose.unit };
  return { events, detail: { ...detail, softLimitOverridden: overrides.length > 0 } };
}
