import { z } from 'zod';
import { alarmCodes, deliveryStates } from '../contract/pump-messages.ts';
import {
  alarmPriorities,
  alarmStates,
  alertPhases,
  alertTypes,
  inactivationStates,
} from '../hl7/pcd/pcd04-values.ts';

/**
 * The chart: what the EHR keeps of the pump reports about one patient, as the REST API serves it.
 * Times are ISO 8601 UTC; volumes mL, rates mL/h.
 */

const quantity = z.object({ value: z.number(), unit: z.string() });

/** One [PCD-01] report (IHE PCD TF-2 3.1), as charted. */
export const chartObservationSchema = z.object({
  /** When the pump observed it (OBX-14, else OBR-7, else MSH-7). */
  at: z.string(),
  /** When the EHR stored it, on the lab clock. */
  receivedAt: z.string(),
  /** The pump (OBX-18 of the MDS). */
  pumpId: z.string(),
  /** MSH-10 of the report. */
  controlId: z.string(),
  /** OBR-2, the placer order number: the infusion this report is about. */
  infusionId: z.string().optional(),
  state: z.enum(deliveryStates).optional(),
  pumpStatus: z.string().optional(),
  drugName: z.string().optional(),
  concentration: quantity.optional(),
  rateMlPerHour: z.number().optional(),
  programmedRateMlPerHour: z.number().optional(),
  doseRate: quantity.optional(),
  vtbiMl: z.number().optional(),
  volumeDeliveredMl: z.number().optional(),
  vtbiRemainingMl: z.number().optional(),
  timeRemainingMin: z.number().optional(),
  careArea: z.string().optional(),
  libraryVersion: z.string().optional(),
});
export type ChartObservation = z.infer<typeof chartObservationSchema>;

const coded = z.object({ code: z.string(), refId: z.string(), text: z.string().optional() });

/** One [PCD-04] alert (IHE PCD TF-2 3.4), as charted. */
export const chartAlarmSchema = z.object({
  at: z.string(),
  receivedAt: z.string(),
  pumpId: z.string().optional(),
  controlId: z.string(),
  /** OBR-3: the same alert across its start and end. */
  alertId: z.string().optional(),
  /** The lab's alarm code (occlusion, air-in-line...) when the condition is one it knows. */
  alarm: z.enum(alarmCodes).optional(),
  condition: coded,
  source: coded.optional(),
  phase: z.enum(alertPhases),
  state: z.enum(alarmStates),
  inactivationState: z.enum(inactivationStates).optional(),
  priority: z.enum(alarmPriorities).optional(),
  alertType: z.enum(alertTypes).optional(),
});
export type ChartAlarm = z.infer<typeof chartAlarmSchema>;

/** The latest report of one infusion: how much it has delivered. */
export const infusionSummarySchema = z.object({
  /** OBR-2 of its reports, or `pump:<id>` when the pump reported no order number. */
  infusionId: z.string(),
  pumpId: z.string(),
  drugName: z.string().optional(),
  state: z.enum(deliveryStates).optional(),
  rateMlPerHour: z.number().optional(),
  vtbiMl: z.number().optional(),
  volumeDeliveredMl: z.number(),
  /** When that volume was observed. */
  at: z.string(),
});
export type InfusionSummary = z.infer<typeof infusionSummarySchema>;

/** One patient's chart: observations and alarms oldest first, and each infusion's latest volume. */
export const chartSchema = z.object({
  mrn: z.string(),
  observations: z.array(chartObservationSchema),
  alarms: z.array(chartAlarmSchema),
  infusions: z.array(infusionSummarySchema),
});
export type Chart = z.infer<typeof chartSchema>;

/** The infusion an observation belongs to: its order number, or its pump when it has none. */
export const infusionKeyOf = (observation: ChartObservation): string =>
  observation.infusionId ?? `pump:${observation.pumpId}`;

/**
 * Each infusion's latest volume delivered, from observations in any order: the one observed last
 * wins (a late, older report never winds the volume back), ties going to the one stored last.
 */
export function summarizeInfusions(observations: readonly ChartObservation[]): InfusionSummary[] {
  const latest = new Map<string, ChartObservation>();
  for (const observation of observations) {
    if (observation.volumeDeliveredMl === undefined) continue;
    const key = infusionKeyOf(observation);
    const known = latest.get(key);
    if (!known || Date.parse(observation.at) >= Date.parse(known.at)) latest.set(key, observation);
  }
  return [...latest].map(([infusionId, observation]) => ({
    infusionId,
    pumpId: observation.pumpId,
    ...(observation.drugName === undefined ? {} : { drugName: observation.drugName }),
    ...(observation.state === undefined ? {} : { state: observation.state }),
    ...(observation.rateMlPerHour === undefined ? {} : { rateMlPerHour: observation.rateMlPerHour }),
    ...(observation.vtbiMl === undefined ? {} : { vtbiMl: observation.vtbiMl }),
    volumeDeliveredMl: observation.volumeDeliveredMl ?? 0,
    at: observation.at,
  }));
}
