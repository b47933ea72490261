import { performance } from 'node:perf_hooks';
import type { Scenario } from '../catalog/scenario-schema.ts';
import type { Posture } from '../controls/posture.ts';
import type { MatrixResult } from './matrix-result.ts';
import type { RunCell } from './run-cell.ts';

/** How the cells were run, for the result's timing. */
export interface MatrixOptions {
  /** Worker processes the cells ran in (1 in this process). */
  workers?: number;
}

/**
 * Runs every scenario under every posture, all cells handed to `runCell` at once (a pool runs as
 * many at a time as it has workers), and collects the outcomes scenario by scenario, in the order
 * given. A cell that fails fails the matrix: a missing cell would read as a blocked attack.
 *
 * @example const matrix = await runMatrix(loadCatalog(), shippedPostures(), 'seed-1', pool.runCell, { workers: 2 });
 */
export async function runMatrix(
  scenarios: readonly Pick<Scenario, 'id' | 'title'>[],
  postures: readonly Posture[],
  seed: string,
  runCell: RunCell,
  options: MatrixOptions = {},
): Promise<MatrixResult> {
  const startedAt = new Date().toISOString();
  const realStart = performance.now();
  const cells = await Promise.all(
    scenarios.flatMap((scenario) => postures.map((posture) => runCell(scenario.id, posture, seed))),
  );
  return {
    seed,
    postures: postures.map(({ name, title, controls }) => ({ name, title, controls: [...controls] })),
    scenarios: scenarios.map(({ id, title }) => ({ id, title })),
    cells,
    timing: { startedAt, realMs: Math.round(performance.now() - realStart), workers: options.workers ?? 1 },
  };
}
