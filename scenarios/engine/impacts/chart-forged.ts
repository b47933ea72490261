import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

/**
 * chart-forged: entries on the EHR charts (device observations and alarms) whose HL7 message
 * control id (MSH-10) is not one the pump server sent: the EHR filed something no pump reported.
 *
 * @example chartForged(record).clinical // "2 chart entries the pump server never sent, on 1 patient's chart."
 */
export function chartForged(record: RunRecord): ImpactFinding {
  const sent = new Set(record.after.sentToEhr);
  let entries = 0;
  let patients = 0;
  for (const chart of record.after.charts.values()) {
    const forged = [...chart.observations, ...chart.alarms].filter((entry) => !sent.has(entry.controlId));
    entries += forged.length;
    if (forged.length > 0) patients += 1;
  }
  return {
    kind: 'chart-forged',
    observed: entries > 0,
    clinical:
      entries > 0
        ? `${count(entries, 'chart entry', 'chart entries')} the pump server never sent, on ${count(patients, "patient's chart", "patients' charts")}.`
        : 'Every chart entry came from the pump server.',
    figures: { entries, patients },
  };
}
