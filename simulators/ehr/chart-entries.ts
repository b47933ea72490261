import type { Pcd01Observation } from '../hl7/pcd/pcd01-read.ts';
import type { Pcd04Alert } from '../hl7/pcd/pcd04-read.ts';
import type { ChartAlarm, ChartObservation } from './chart.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** Drops the keys whose value is undefined, so a chart entry holds only what was reported. */
function defined<T extends object>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined)) as T;
}

/**
 * The chart entry of a [PCD-01] report. The patient's identity is not copied: the chart row is
 * filed under the MRN, and the entry says only what the pump did.
 *
 * @example observationEntry(parsePcd01(parsed), clock.now()).volumeDeliveredMl
 */
export function observationEntry(observation: Pcd01Observation, receivedAt: number): ChartObservation {
  return defined({
    at: iso((observation.observedAt ?? observation.sentAt).ms),
    receivedAt: iso(receivedAt),
    pumpId: observation.pump.id,
    controlId: observation.controlId,
    infusionId: observation.placerOrderNumber,
    state: observation.state,
    pumpStatus: observation.pumpStatus,
    drugName: observation.drugName,
    concentration: observation.concentration,
    rateMlPerHour: observation.rate,
    programmedRateMlPerHour: observation.programmedRate,
    doseRate: observation.doseRate,
    vtbiMl: observation.vtbi,
    volumeDeliveredMl: observation.volumeDelivered,
    vtbiRemainingMl: observation.vtbiRemaining,
    timeRemainingMin: observation.timeRemaining,
    careArea: observation.careArea,
    libraryVersion: observation.libraryVersion,
  });
}

/**
 * The chart entry of a [PCD-04] alert: which pump, which alarm, and its phase and state.
 *
 * @example alarmEntry(parsePcd04(parsed), clock.now()).alarm // 'occlusion'
 */
export function alarmEntry(alert: Pcd04Alert, receivedAt: number): ChartAlarm {
  return defined({
    at: iso((alert.observedAt ?? alert.sentAt).ms),
    receivedAt: iso(receivedAt),
    pumpId: alert.pump?.id,
    controlId: alert.controlId,
    alertId: alert.alertId,
    alarm: alert.alarm,
    condition: alert.condition,
    source: alert.source,
    phase: alert.phase,
    state: alert.state,
    inactivationState: alert.inactivationState,
    priority: alert.priority,
    alertType: alert.alertType,
  });
}
