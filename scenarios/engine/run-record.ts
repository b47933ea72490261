import type { Loot } from '../actions/loot.ts';
import type { AdmissionRecord } from '../../gateway/admission/admission-log.ts';
import type { DecisionRecord } from '../../gateway/enforcement/decision-log.ts';
import type { Alert } from '../../gateway/monitor/alert.ts';
import type { ChartView, OrderView, PatientView, PumpView, SecurityEventView } from './lab-under-test.ts';

/**
 * What a run observed of its lab, the only ground the engine decides an outcome on: the lab before
 * the first step, pump views sampled while it ran, the lab after the exposure, the attacker's loot
 * and the lab-time window of each step. Impact detectors, attribution and detection read this.
 */
export interface RunRecord {
  attacker: { zone: string; address: string };
  before: LabBefore;
  /** Pump views in lab-time order, taken between steps and on a short real-time timer. */
  samples: PumpSample[];
  after: LabAfter;
  loot: Loot;
  /** One per step that ran, in order. */
  windows: StepWindow[];
  /** From the first step's start to the end of the last step that ran (lab ms). */
  attack: TimeWindow;
}

export interface TimeWindow {
  /** Lab ms. */
  start: number;
  /** Lab ms. */
  end: number;
}

/** The lab-time window a step ran in, and what its client reported. */
export interface StepWindow extends TimeWindow {
  id: string;
  action: string;
  status: 'done' | 'blocked';
}

export interface PumpSample {
  /** Lab ms. */
  at: number;
  pumps: PumpView[];
}

/** The lab as the attacker found it. */
export interface LabBefore {
  /** Lab ms. */
  at: number;
  pumps: PumpView[];
  orders: OrderView[];
  patients: PatientView[];
  inventory: string[];
  releases: { libraries: string[]; firmware: string[] };
}

/** The lab once the exposure has passed, with every log the run produced. */
export interface LabAfter {
  /** Lab ms. */
  at: number;
  pumps: PumpView[];
  orders: OrderView[];
  inventory: string[];
  releases: { libraries: string[]; firmware: string[] };
  sentToEhr: string[];
  /** The EHR chart of every patient, by MRN. */
  charts: Map<string, ChartView>;
  decisions: DecisionRecord[];
  admissions: AdmissionRecord[];
  alerts: Alert[];
  securityEvents: SecurityEventView[];
}
