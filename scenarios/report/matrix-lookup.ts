import type { ControlId } from '../controls/controls.ts';
import type { AblationResult, MatrixResult } from '../engine/matrix-result.ts';
import type { Outcome } from '../engine/outcome.ts';

/** The run of `scenario` under `posture`; undefined when the matrix holds none (a cell that failed). */
export const matrixCell = (matrix: MatrixResult, scenario: string, posture: string): Outcome | undefined =>
  matrix.cells.find((cell) => cell.scenario === scenario && cell.posture === posture);

/** The base posture's own run of `scenario`. */
export const baselineCell = (ablation: AblationResult, scenario: string): Outcome | undefined =>
  ablation.baseline.find((cell) => cell.scenario === scenario);

/** The run of `scenario` under the base posture without `removed`. */
export const ablationCell = (
  ablation: AblationResult,
  scenario: string,
  removed: ControlId,
): Outcome | undefined =>
  ablation.cells.find((cell) => cell.scenario === scenario && cell.removed === removed);

/** The scenarios of an ablation in the order of its baseline, each once. */
export const ablationScenarios = (ablation: AblationResult): string[] => [
  ...new Set([...ablation.baseline, ...ablation.cells].map((cell) => cell.scenario)),
];

/** A scenario's title from the titles given, else its id. */
export const titleOf = (titles: ReadonlyMap<string, string> | undefined, id: string): string =>
  titles?.get(id) ?? id;
