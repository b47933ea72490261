import type { ControlId } from '../controls/controls.ts';
import type { Outcome } from './outcome.ts';

/** Every scenario run under every posture asked for. */
export interface MatrixResult {
  seed: string;
  postures: { name: string; title: string; controls: ControlId[] }[];
  scenarios: { id: string; title: string }[];
  /** One per (scenario, posture). */
  cells: Outcome[];
  timing: { startedAt: string; realMs: number; workers: number };
}

/** The full posture, then the posture without each of its controls in turn. */
export interface AblationResult {
  seed: string;
  /** The full posture (sp1800-8 by default). */
  base: { name: string; controls: ControlId[] };
  /** The base posture's own run of every scenario. */
  baseline: Outcome[];
  /** One run per (removed control, scenario). */
  cells: (Outcome & { removed: ControlId })[];
  /** What the ablation shows, scenario by scenario, derived from the runs above. */
  findings: AblationFinding[];
  timing: { startedAt: string; realMs: number; workers: number };
}

export interface AblationFinding {
  scenario: string;
  /** Blocked under the full posture. */
  blockedByBase: boolean;
  /** Controls whose removal alone lets the attack succeed. */
  dependsOn: ControlId[];
  /** Exactly one such control: it is the only thing standing (a single point of failure). */
  singlePointOfFailure: ControlId | null;
  /** Blocked under the base and no single removal lets it through: several controls stand in depth. */
  inDepth: boolean;
  /** Controls whose removal changes whether it is detected. */
  detectionDependsOn: ControlId[];
}
