import { appendPatient, pcdMessage, senderNamespace } from './pcd-message.ts';
import type { Infusion, StatusMessage } from '../../contract/pump-messages.ts';
import { type Hl7FieldInput } from '../message/hl7-build.ts';
import { formatHl7Timestamp } from '../message/hl7-timestamp.ts';
import { pumpEquipmentEi } from './equipment-id.ts';
import { mdcTerms, termCwe, type MdcTerm } from './mdc-terms.ts';
import { unitCwe } from './mdc-units.ts';
import { type PatientIdentity, type PatientLocation } from './patient-segments.ts';
import { nm, type Hl7Party } from './pcd-fields.ts';
import { pcdProfiles } from './pcd-profiles.ts';
import { pumpStatusCwe } from './pump-status-values.ts';

export { parsePcd01, type Pcd01Observation } from './pcd01-read.ts';

/** What a [PCD-01] report is made from: a pump's status report and who it is about. */
export interface Pcd01Input {
  /** The pump's status (contract pump-messages.ts); its `sentAt` is the observation time. */
  status: Pick<
    StatusMessage,
    'serial' | 'model' | 'libraryVersion' | 'careArea' | 'state' | 'infusion' | 'sentAt'
  >;
  /** The patient the pump is associated with; no PID (and no PV1) when undefined. */
  patient: PatientIdentity | undefined;
  location?: PatientLocation;
  controlId: string;
  /** MSH-7, epoch milliseconds, written at `offsetMinutes` east of UTC. */
  at: number;
  offsetMinutes?: number;
  sender: Hl7Party;
  receiver: Hl7Party;
}

/** One OBX before numbering: OBX-2, -3, -4, -5, -6, -11 and whether it carries OBX-18. */
interface Obx {
  type: '' | 'NM' | 'ST' | 'CWE';
  term: MdcTerm;
  subId: string;
  value?: Hl7FieldInput;
  units?: string[];
  status: 'X' | 'R';
  equipment?: boolean;
}

const device = (term: MdcTerm, subId: string, equipment = false): Obx => ({
  type: '',
  term,
  subId,
  status: 'X',
  equipment,
});
const metric = (
  type: Obx['type'],
  term: MdcTerm,
  subId: string,
  value: Hl7FieldInput,
  units?: string[],
): Obx => ({
  type,
  term,
  subId,
  value,
  status: 'R',
  ...(units ? { units } : {}),
});

/**
 * Builds a [PCD-01] Communicate PCD Data message, ORU^R01^ORU_R01 (IHE PCD TF-2 3.1), for one pump.
 * The containment follows TF-3 7.1 (infusion pump: MDS, VMD, a delivery channel and a source
 * channel) with OBX-4 in TF-2 B.8.3 dotted notation: `1.0.0.0` MDS, `1.1.0.0` VMD, `1.1.1.0`
 * delivery channel, `1.1.2.0` source channel, metrics `1.1.c.m`; drug library version and care
 * area are MDS attributes `1.0.0.1` and `1.0.0.2`, as the IPEC sample carries the library version.
 *
 * @example buildPcd01({ status, patient: { mrn: 'MRN1' }, controlId: 'P1', at: clock.now(), sender, receiver })
 */
export function buildPcd01(input: Pcd01Input): string {
  const { status } = input;
  const offset = input.offsetMinutes ?? 0;
  const observed = formatHl7Timestamp(Date.parse(status.sentAt), offset);
  const builder = pcdMessage({ ...input, messageType: 'ORU^R01^ORU_R01', profile: pcdProfiles.pcd01 });
  appendPatient(builder, input.patient, input.location);
  const sendingNamespace = senderNamespace(input.sender);
  builder.segment('OBR', [
    '1',
    status.infusion ? [status.infusion.infusionId] : undefined,
    [input.controlId, sendingNamespace],
    termCwe(mdcTerms.pumpMds),
    undefined,
    undefined,
    observed,
  ]);
  const equipment = pumpEquipmentEi(status.serial, status.model);
  observations(status).forEach((obx, index) => {
    builder.segment('OBX', [
      String(index + 1),
      obx.type,
      termCwe(obx.term),
      obx.subId,
      obx.value,
      obx.units,
      ...new Array<undefined>(4),
      obx.status,
      undefined,
      undefined,
      obx.status === 'R' ? observed : undefined,
      ...new Array<undefined>(3),
      obx.equipment ? equipment : undefined,
    ]);
  });
  return builder.toString();
}

function observations(status: Pcd01Input['status']): Obx[] {
  const t = mdcTerms;
  const { infusion } = status;
  const flowing = status.state === 'infusing' || status.state === 'kvo';
  const list: Obx[] = [device(t.pumpMds, '1.0.0.0', true)];
  if (status.libraryVersion !== null)
    list.push(metric('ST', t.libraryVersion, '1.0.0.1', status.libraryVersion));
  list.push(
    metric('ST', t.careArea, '1.0.0.2', status.careArea),
    device(t.pumpVmd, '1.1.0.0', true),
    device(t.deliveryChannel, '1.1.1.0'),
    metric('CWE', t.pumpStatus, '1.1.1.1', pumpStatusCwe(status.state)),
    metric('NM', t.flowRate, '1.1.1.2', nm(flowing && infusion ? infusion.rate : 0), unitCwe('mL/h')),
  );
  if (infusion) list.push(...sourceChannel(infusion));
  return list;
}

/** The source channel (TF-3 Table 7.1.2-1): what is being infused and how far it has got. */
function sourceChannel(infusion: Infusion): Obx[] {
  const t = mdcTerms;
  const remaining = Math.max(0, infusion.vtbi - infusion.volumeInfused);
  const list: Obx[] = [
    device(t.sourceChannel, '1.1.2.0'),
    metric('ST', t.drugNameLabel, '1.1.2.1', infusion.drugName),
    metric(
      'NM',
      t.drugConcentration,
      '1.1.2.2',
      nm(infusion.concentration.amount),
      unitCwe(infusion.concentration.unit),
    ),
    metric('NM', t.flowRate, '1.1.2.3', nm(infusion.rate), unitCwe('mL/h')),
  ];
  if (infusion.doseRate) {
    list.push(
      metric('NM', t.doseRate, '1.1.2.4', nm(infusion.doseRate.value), unitCwe(infusion.doseRate.unit)),
    );
  }
  list.push(
    metric('NM', t.vtbi, '1.1.2.5', nm(infusion.vtbi), unitCwe('mL')),
    metric('NM', t.volumeDeliveredTotal, '1.1.2.6', nm(infusion.volumeInfused), unitCwe('mL')),
    metric('NM', t.vtbiRemaining, '1.1.2.7', nm(remaining), unitCwe('mL')),
  );
  if (infusion.rate > 0) {
    list.push(metric('NM', t.timeRemaining, '1.1.2.8', nm((remaining / infusion.rate) * 60), unitCwe('min')));
  }
  return list;
}
