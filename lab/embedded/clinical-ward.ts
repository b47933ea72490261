import { isPumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { DrugLibrary } from '../../simulators/contract/drug-library.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import { allergiesAgainst } from '../../simulators/poc/five-rights.ts';
import type { InfusionOrder } from '../../simulators/ehr/infusion-order.ts';
import {
  medicationBarcode,
  pumpBarcode,
  wristbandBarcode,
  type LabelStrengthUnit,
} from '../../simulators/poc/barcodes.ts';
import type { PointOfCare } from '../../simulators/poc/workstation.ts';
import { readinessDefaults, untilReporting } from './pump-readiness.ts';
import type { EventQueries } from '../../simulators/pump-server/event-store.ts';

/** A pump of the ward that infuses from the start. */
export interface WardPump {
  serial: string;
  careArea: string;
}

/** What became of one seeded infusion, given at the point-of-care. */
export interface ClinicalInfusion extends WardPump {
  /** The EHR order, also the infusion id at the pump server (ORC-2 placer order number). */
  orderId: string;
  mrn: string;
  drugId: string;
  outcome: 'accepted' | 'rejected' | 'failed';
  /** Why not: the RRG^O16 ERR (PIV code), a failed five-rights check, or the error code. */
  reason?: string;
}

/** How seeding runs; `bootOf` names the current boot of each pump of the fleet. */
export interface ClinicalSeedSettings {
  server: { store: { events: Pick<EventQueries, 'count'> } };
  ehr: Ehr;
  pointOfCare: PointOfCare;
  library: DrugLibrary;
  bootOf: (serial: string) => string | undefined;
  logger: Logger;
}

/**
 * Starts the ward's infusions through the clinical workflow, as a nurse would: for each pump, an
 * active EHR order of a patient of the pump's care area whose drug that care area's library holds,
 * then a BCMA session (scan wristband, medication, pump; five rights; PCD-03; confirm, which starts
 * the pump). One at a time: the workstation has one MLLP connection to the pump server. A pump that
 * never reports, an order the pump server refuses, or no order to give is logged and reported; the
 * rest of the ward still starts.
 * @example const infusions = await seedClinicalWard(pumps, { server, ehr, pointOfCare, library, bootOf, logger });
 */
export async function seedClinicalWard(
  pumps: readonly WardPump[],
  settings: ClinicalSeedSettings,
): Promise<ClinicalInfusion[]> {
  const orders = onLibraryOrders(settings.ehr, settings.library);
  const infusions: ClinicalInfusion[] = [];
  for (const pump of pumps) {
    const index = orders.findIndex((entry) => entry.careArea === pump.careArea);
    const [entry] = index < 0 ? [] : orders.splice(index, 1);
    if (!entry) {
      settings.logger.warn({ pump: pump.serial }, 'no order for this care area: the pump stands by');
      infusions.push({ ...pump, orderId: '', mrn: '', drugId: '', outcome: 'failed', reason: 'NO_ORDER' });
      continue;
    }
    infusions.push(await give(pump, entry.order, settings));
  }
  return infusions;
}

/**
 * Active orders whose drug the library holds for the patient's care area, in order id order. An
 * order against a recorded allergy is left for the BCMA check to catch; the ward starts with care
 * it can give.
 */
function onLibraryOrders(ehr: Ehr, library: DrugLibrary): { order: InfusionOrder; careArea: string }[] {
  return ehr.orders({ status: 'active' }).flatMap((order) => {
    const { careArea, admitted, allergies } = ehr.patient(order.mrn);
    const area = library.careAreas.find((candidate) => candidate.id === careArea);
    const stocked = area?.drugs.some((drug) => drug.id === order.drugId) ?? false;
    const safe = allergiesAgainst(allergies, order).length === 0;
    return stocked && admitted && safe ? [{ order, careArea }] : [];
  });
}

/** One BCMA session for `order` on `pump`, once the pump reports. */
async function give(
  pump: WardPump,
  order: InfusionOrder,
  settings: ClinicalSeedSettings,
): Promise<ClinicalInfusion> {
  const base = { ...pump, orderId: order.orderId, mrn: order.mrn, drugId: order.drugId };
  try {
    await untilReporting(settings.server.store.events, pump.serial, {
      ...readinessDefaults,
      bootOf: settings.bootOf,
    });
    const outcome = await administer(settings.pointOfCare, order, pump.serial);
    if (outcome !== undefined) {
      settings.logger.warn({ pump: pump.serial, reason: outcome }, 'ward infusion refused');
      return { ...base, outcome: 'rejected', reason: outcome };
    }
    return { ...base, outcome: 'accepted' };
  } catch (error) {
    const reason = isPumplabError(error) ? error.code : 'PUMP_NOT_READY';
    settings.logger.warn({ pump: pump.serial, reason }, 'ward infusion not given');
    return { ...base, outcome: 'failed', reason };
  }
}

/**
 * Runs one nurse's session for `order` on pump `serial`: scans the barcodes the lab prints for
 * them, verifies, sends the PCD-03 and confirms. Resolves undefined when confirmed, else the
 * reason the order stopped (the first failed right, or the RRG^O16's first error code).
 * @example await administer(lab.pointOfCare, lab.ehr.orders()[0]!, 'PL00001') // undefined
 */
export async function administer(
  pointOfCare: PointOfCare,
  order: InfusionOrder,
  serial: string,
): Promise<string | undefined> {
  const session = pointOfCare.session();
  session.scanWristband(wristbandBarcode(order.mrn));
  session.scanMedication(
    medicationBarcode({
      orderId: order.orderId,
      drugId: order.drugId,
      concentration: {
        amount: order.concentration.amount,
        unit: order.concentration.unit as LabelStrengthUnit,
      },
    }),
  );
  session.scanPump(pumpBarcode(serial));
  const check = await session.verify();
  if (!check.ok) return check.findings[0]?.code ?? 'POC_CHECK_FAILED';
  const sent = await session.send();
  if (sent.status !== 'accepted') {
    const first = sent.reasons[0];
    return first?.pivCode ?? first?.hl7Code ?? sent.ackCode;
  }
  await session.confirm();
  return undefined;
}
