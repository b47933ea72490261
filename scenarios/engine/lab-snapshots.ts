import type { LabUnderTest } from './lab-under-test.ts';
import type { LabAfter, LabBefore } from './run-record.ts';

/** The lab as the attacker finds it, before the first step. */
export function snapshotBefore(lab: LabUnderTest): LabBefore {
  const { observe } = lab;
  return {
    at: lab.now(),
    pumps: observe.pumps(),
    orders: observe.orders(),
    patients: observe.patients(),
    inventory: observe.inventory(),
    releases: observe.releases(),
  };
}

/**
 * The lab once the exposure has passed: its state, every patient's chart and every log. Read once,
 * at one lab time, so every impact is measured against the same picture.
 */
export function observeAfter(lab: LabUnderTest, patients: LabBefore['patients']): LabAfter {
  const { observe } = lab;
  const charts = new Map(patients.map((patient) => [patient.mrn, observe.chart(patient.mrn)]));
  return {
    at: lab.now(),
    pumps: observe.pumps(),
    orders: observe.orders(),
    inventory: observe.inventory(),
    releases: observe.releases(),
    sentToEhr: observe.sentToEhr(),
    charts,
    decisions: observe.decisions(),
    admissions: observe.admissions(),
    alerts: observe.alerts(),
    securityEvents: observe.securityEvents(),
  };
}
