import { performance } from 'node:perf_hooks';
import type { RunCell } from '../../scenarios/engine/run-cell.ts';
import { cellText } from '../../scenarios/report/outcome-words.ts';
import { progress } from './output.ts';

/**
 * Wraps the pool's `runCell` so each finished cell prints a progress line on stderr: how many of
 * `total` are done, the elapsed real time, and the cell's result. Wrap the pool's own runCell (under
 * the reuse of identical cells) so that only labs actually run are counted.
 * @example countingCells(pool.runCell, 24) // "[3/24 · 41 s] rogue-mqtt-dose-change × sp1800-8: BLOCKED by segmentation · detected"
 */
export function countingCells(runCell: RunCell, total: number): RunCell {
  const start = performance.now();
  let done = 0;
  const elapsed = (): string => `${Math.round((performance.now() - start) / 1000)} s`;
  return async (scenarioId, posture, seed) => {
    try {
      const outcome = await runCell(scenarioId, posture, seed);
      done += 1;
      progress(`[${done}/${total} · ${elapsed()}] ${scenarioId} × ${posture.name}: ${cellText(outcome)}`);
      return outcome;
    } catch (error) {
      done += 1;
      progress(`[${done}/${total} · ${elapsed()}] ${scenarioId} × ${posture.name}: FAILED`);
      throw error;
    }
  };
}
