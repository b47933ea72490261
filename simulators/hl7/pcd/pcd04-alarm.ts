import { appendPatient, pcdMessage, senderNamespace } from './pcd-message.ts';
import type { AlarmCode } from '../../contract/pump-messages.ts';
import { type Hl7FieldInput } from '../message/hl7-build.ts';
import { formatHl7Timestamp } from '../message/hl7-timestamp.ts';
import { pumpEquipmentEi } from './equipment-id.ts';
import { alarmTerms, alertTypeOf } from './mdc-alarm-terms.ts';
import { mdcTerms, termCwe, type MdcTerm } from './mdc-terms.ts';
import { type PatientIdentity, type PatientLocation } from './patient-segments.ts';
import type { Hl7Party } from './pcd-fields.ts';
import { pcdProfiles } from './pcd-profiles.ts';
import type { AlarmPriority, AlertPhase, AlarmState, InactivationState } from './pcd04-values.ts';

export { parsePcd04, type Pcd04Alert } from './pcd04-read.ts';
export type { AlarmPriority, AlertPhase, AlarmState, InactivationState } from './pcd04-values.ts';

/** One pump alarm transition to report as [PCD-04]. */
export interface Pcd04Input {
  serial: string;
  /** OBX-18 EI-2 (default empty). */
  model?: string;
  alarm: AlarmCode;
  /** MDC_ATTR_EVENT_PHASE: `start` when the alarm begins, `end` when it clears (TF-2 B.8.5). */
  phase: AlertPhase;
  /** MDC_ATTR_ALARM_STATE of the condition at the pump. */
  state: AlarmState;
  /** PH high, PM medium, PL low, PN not indicated (TF-2 Table B.8.5-1 facet 6). */
  priority: AlarmPriority;
  /** MDC_ATTR_ALARM_INACTIVATION_STATE (default `enabled`: nothing silenced). */
  inactivationState?: InactivationState;
  /** Identifies the alert across its start and end messages (OBR-3; default `serial-alarm`). */
  alertId?: string;
  patient: PatientIdentity | undefined;
  location?: PatientLocation;
  controlId: string;
  /** When the transition happened, epoch ms (MSH-7, OBR-7 and OBX-14). */
  at: number;
  offsetMinutes?: number;
  sender: Hl7Party;
  receiver: Hl7Party;
}

/**
 * Builds a [PCD-04] Report Alert, ORU^R40^ORU_R40 (IHE PCD TF-2 3.4), for a technical pump alarm:
 * one OBR (OBR-4 196616^MDC_EVT_ALARM^MDC) and the seven facet OBXs of TF-2 Table B.8.5-1 with
 * OBX-4 `1.0.0.0.<facet>` (the alarm's source is the pump MDS, as in the TF-2 E.3.2 sample), alarm
 * priority and alert type as separate OBXs (TF-2 B.8.5: the OBX-8 form "is deprecated").
 *
 * @example buildPcd04({ serial: 'P-1', model: 'LVP', alarm: 'occlusion', phase: 'start', state: 'active',
 *   priority: 'PH', alertId: 'A1', patient, controlId: 'M7', at: clock.now(), sender, receiver })
 */
export function buildPcd04(input: Pcd04Input): string {
  const offset = input.offsetMinutes ?? 0;
  const at = formatHl7Timestamp(input.at, offset);
  const builder = pcdMessage({ ...input, messageType: 'ORU^R40^ORU_R40', profile: pcdProfiles.pcd04 });
  appendPatient(builder, input.patient, input.location);
  const reporter = senderNamespace(input.sender);
  builder.segment('OBR', [
    '1',
    [input.controlId, reporter],
    [input.alertId ?? `${input.serial}-${input.alarm}`, reporter],
    termCwe(mdcTerms.alarm),
    undefined,
    undefined,
    at,
  ]);
  const condition = alarmTerms[input.alarm];
  const facets: [string, MdcTerm, Hl7FieldInput][] = [
    [
      'CWE',
      mdcTerms.alarm,
      [String(condition.code), condition.refId, 'MDC', '', '', '', '', '', input.alarm],
    ],
    ['CWE', mdcTerms.alertSource, termCwe(mdcTerms.pumpMds)],
    ['ST', mdcTerms.eventPhase, input.phase],
    ['ST', mdcTerms.alarmState, input.state],
    ['ST', mdcTerms.inactivationState, input.inactivationState ?? 'enabled'],
    ['ST', mdcTerms.alarmPriority, input.priority],
    ['ST', mdcTerms.alertType, alertTypeOf[input.alarm]],
  ];
  const equipment = pumpEquipmentEi(input.serial, input.model ?? '');
  facets.forEach(([type, term, value], index) => {
    builder.segment('OBX', [
      String(index + 1),
      type,
      termCwe(term),
      `1.0.0.0.${index + 1}`,
      value,
      ...new Array<undefined>(5),
      // OBX-11: F, as every OBX in the TF-2 E.3 samples.
      'F',
      undefined,
      undefined,
      index === 0 ? at : undefined,
      ...new Array<undefined>(3),
      index === 0 ? equipment : undefined,
    ]);
  });
  return builder.toString();
}
