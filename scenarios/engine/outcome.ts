import type { ControlId } from '../controls/controls.ts';
import type { ImpactKind } from '../catalog/scenario-schema.ts';
import type { ClientEvidence } from '../actions/action.ts';
import type { WorkflowCheck } from './lab-under-test.ts';

/**
 * What a run of one scenario under one posture showed, decided only from observations. Same
 * scenario, posture and seed: the same outcome, except the fields under `timing`.
 */
export interface Outcome {
  scenario: string;
  posture: string;
  controls: ControlId[];
  seed: string;
  result: 'succeeded' | 'blocked';
  /** Every barrier the attack hit, first the one at the earliest step. Empty when nothing stood. */
  blockedBy: Barrier[];
  steps: StepOutcome[];
  detection: Detection;
  /** Every objective impact, observed or not, in clinical terms. */
  impacts: ImpactFinding[];
  workflow: WorkflowCheck;
  timing: { startedAt: string; realMs: number };
}

/** What stood in the way: a control of the posture, or something the product does by itself. */
export type Barrier =
  | { kind: 'control'; control: ControlId; step: string; evidence: string }
  /** E.g. "firmware 4.2.1 has no maintenance console": no control of the posture, the product itself. */
  | { kind: 'built-in'; what: string; step: string; evidence: string }
  /** Refused, but nothing observed says by what. */
  | { kind: 'unattributed'; step: string; evidence: string };

export interface StepOutcome {
  id: string;
  action: string;
  status: 'done' | 'blocked' | 'not-run';
  summary: string;
  /** The client's side and the lab's logs (gateway, admission, broker, HL7, pump), one line each. */
  evidence: EvidenceLine[];
  /** Lab time the step ran, ms. */
  at?: number;
}

export interface EvidenceLine {
  /** `client` (the attacker's own view), `gateway`, `admission`, `pump-server-broker`, `pump-server-hl7`, `ehr-hl7`, `pump`. */
  source: string;
  code: string;
  line: string;
}

export interface Detection {
  detected: boolean;
  /** Alerts raised from the attacker's sources during the run. */
  alerts: { kind: string; severity: string; reason: string; at: number }[];
}

export interface ImpactFinding {
  kind: ImpactKind;
  observed: boolean;
  /** In clinical terms: "rate changed from 5 to 50 mL/h for 12 min, 9 mL over the order". */
  clinical: string;
  /** The figures behind it (counts, mL, minutes). */
  figures: Record<string, number>;
}

export type { ClientEvidence };
