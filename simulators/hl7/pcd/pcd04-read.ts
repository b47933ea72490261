import { z } from 'zod';
import { alarmCodes } from '../../contract/pump-messages.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import { alarmCodeOf } from './mdc-alarm-terms.ts';
import { isTerm, mdcTerms, type MdcTerm } from './mdc-terms.ts';
import { findRow, readObxRows, type ObxRow } from './obx-rows.ts';
import { locationSchema, patientSchema, readLocation, readPatient } from './patient-segments.ts';
import { expectMessageType, readField, readTime, withoutUndefined } from './pcd-fields.ts';
import { alarmPriorities, alarmStates, alertPhases, alertTypes, inactivationStates } from './pcd04-values.ts';

const timeSchema = z.object({ ms: z.number(), offsetMinutes: z.number().optional() });
const coded = z.object({ code: z.string(), refId: z.string(), text: z.string().optional() });

export const pcd04AlertSchema = z.object({
  controlId: z.string(),
  sentAt: timeSchema,
  patient: patientSchema.optional(),
  location: locationSchema.optional(),
  /** OBX-18 of the event OBX (TF-2 E.3.2 puts the pump there). */
  pump: z
    .object({ id: z.string().min(1), model: z.string().optional(), eui64: z.string().optional() })
    .optional(),
  /** OBR-3.1: the alert's identity across its start and end. */
  alertId: z.string().optional(),
  /** The alert condition as sent (OBX-5 of a technical alarm, OBX-3 of a physiological one). */
  condition: coded,
  /** The lab alarm code for the condition, when it is one of the pump alarms the lab knows. */
  alarm: z.enum(alarmCodes).optional(),
  source: coded.optional(),
  phase: z.enum(alertPhases),
  state: z.enum(alarmStates),
  inactivationState: z.enum(inactivationStates).optional(),
  priority: z.enum(alarmPriorities).optional(),
  alertType: z.enum(alertTypes).optional(),
  observedAt: timeSchema.optional(),
});
/** What an alarm manager or the EHR learns from a [PCD-04] Report Alert. */
export type Pcd04Alert = z.infer<typeof pcd04AlertSchema>;

/**
 * Reads a [PCD-04] Report Alert (ORU^R40, IHE PCD TF-2 3.4). Facets are found by their OBX-3
 * (TF-2 B.8.5: "The FACET are identified by their associated OBX-3"); priority and alert type are
 * read from their own OBXs, or from OBX-8 of the event OBX in the deprecated form (`L~PM~SP`).
 *
 * @throws PumplabError HL7_MESSAGE_TYPE_UNEXPECTED, or HL7_CONTENT_INVALID with `details.location`.
 */
export function parsePcd04(parsed: ParsedHl7): Pcd04Alert {
  expectMessageType(parsed, ['ORU^R40']);
  const rows = readObxRows(parsed);
  const event =
    rows.find((row) => row.path.length === 5 && row.path[4] === 1) ??
    findRow(rows, mdcTerms.alarm) ??
    rows[0];
  const technical = event !== undefined && isTerm(event.code, event.refId, mdcTerms.alarm);
  const conditionView = event?.view;
  const condition = conditionView
    ? technical
      ? {
          code: conditionView.component(5, 1),
          refId: conditionView.component(5, 2),
          text: conditionView.component(5, 9),
        }
      : { code: event.code, refId: event.refId }
    : undefined;
  const flags = conditionView?.repetitions(8).map((flag) => flag.component(1)) ?? [];
  const facet = (term: MdcTerm): ObxRow | undefined => findRow(rows, term);
  const value = (term: MdcTerm): string | undefined => facet(term)?.value || undefined;
  const source = facet(mdcTerms.alertSource);
  const obr = parsed.segment('OBR');
  const candidate = {
    controlId: parsed.controlId,
    sentAt: readTime(parsed.timestamp),
    patient: readPatient(parsed),
    location: readLocation(parsed),
    pump: event?.equipment && {
      id: event.equipment.id,
      model: event.equipment.model,
      eui64: event.equipment.universalIdType === 'EUI-64' ? event.equipment.universalId : undefined,
    },
    alertId: obr?.component(3, 1) || undefined,
    condition: condition && { ...condition, text: condition.text || undefined },
    alarm: condition && alarmCodeOf(condition.code, condition.refId),
    source: source && { code: source.view.component(5, 1), refId: source.view.component(5, 2) },
    phase: value(mdcTerms.eventPhase),
    state: value(mdcTerms.alarmState),
    inactivationState: value(mdcTerms.inactivationState),
    priority:
      value(mdcTerms.alarmPriority) ?? flags.find((f) => (alarmPriorities as readonly string[]).includes(f)),
    alertType: value(mdcTerms.alertType) ?? flags.find((f) => (alertTypes as readonly string[]).includes(f)),
    observedAt: readTime(event?.observedAt || obr?.field(7) || ''),
  };
  const anchor = event?.view ?? parsed.header;
  return readField(pcd04AlertSchema, anchor, 5, withoutUndefined(candidate));
}
