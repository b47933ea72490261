import { performance } from 'node:perf_hooks';
import { PumplabError } from '../../core/errors.ts';
import type { Scenario } from '../catalog/scenario-schema.ts';
import type { ControlId } from '../controls/controls.ts';
import type { Posture } from '../controls/posture.ts';
import { ablationOf } from '../controls/posture-ablation.ts';
import type { AblationFinding, AblationResult } from './matrix-result.ts';
import type { MatrixOptions } from './matrix.ts';
import type { Outcome } from './outcome.ts';
import type { RunCell } from './run-cell.ts';

/** The control a posture of the ablation lacks that the base has. */
function removedFrom(base: Posture, ablated: Posture): ControlId {
  const removed = base.controls.find((control) => !ablated.controls.includes(control));
  if (removed === undefined) {
    throw new PumplabError('INPUT_INVALID', `Posture ${ablated.name} removes no control of ${base.name}.`, {
      base: base.name,
      posture: ablated.name,
    });
  }
  return removed;
}

/**
 * What the ablation shows for one scenario: the controls whose removal alone lets it through
 * (dependsOn; exactly one is a single point of failure), whether several controls stand in depth
 * (blocked by the base and by every single removal), and the controls whose removal changes
 * whether it is detected.
 */
export function ablationFinding(
  scenario: string,
  baseline: Outcome,
  cells: readonly (Outcome & { removed: ControlId })[],
): AblationFinding {
  const blockedByBase = baseline.result === 'blocked';
  const dependsOn = blockedByBase
    ? cells.filter((cell) => cell.result === 'succeeded').map((cell) => cell.removed)
    : [];
  return {
    scenario,
    blockedByBase,
    dependsOn,
    singlePointOfFailure: dependsOn.length === 1 ? dependsOn[0]! : null,
    inDepth: blockedByBase && dependsOn.length === 0,
    detectionDependsOn: cells
      .filter((cell) => cell.detection.detected !== baseline.detection.detected)
      .map((cell) => cell.removed),
  };
}

/**
 * Runs every scenario under the base posture and under the base without each of its controls in
 * turn (posture-ablation.ts), and derives the findings. Pass the same `runCell` as the matrix,
 * wrapped in `reuseIdenticalCells`, and the base's matrix column is reused as the baseline.
 *
 * @example const ablation = await runAblation(loadCatalog(), readPosture('sp1800-8'), 'seed-1', runCell);
 */
export async function runAblation(
  scenarios: readonly Pick<Scenario, 'id'>[],
  base: Posture,
  seed: string,
  runCell: RunCell,
  options: MatrixOptions = {},
): Promise<AblationResult> {
  const startedAt = new Date().toISOString();
  const realStart = performance.now();
  const ablated = ablationOf(base).map((posture) => ({ posture, removed: removedFrom(base, posture) }));
  const [baseline, cells] = await Promise.all([
    Promise.all(scenarios.map((scenario) => runCell(scenario.id, base, seed))),
    Promise.all(
      scenarios.flatMap((scenario) =>
        ablated.map(async ({ posture, removed }) => ({
          ...(await runCell(scenario.id, posture, seed)),
          removed,
        })),
      ),
    ),
  ]);
  const findings = scenarios.map((scenario, i) =>
    ablationFinding(
      scenario.id,
      baseline[i]!,
      cells.filter((cell) => cell.scenario === scenario.id),
    ),
  );
  return {
    seed,
    base: { name: base.name, controls: [...base.controls] },
    baseline,
    cells,
    findings,
    timing: { startedAt, realMs: Math.round(performance.now() - realStart), workers: options.workers ?? 1 },
  };
}
