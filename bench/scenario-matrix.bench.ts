/**
 * How long the whole scenario matrix takes: every catalog scenario under the four shipped postures,
 * then the single-control ablation of sp1800-8, each cell a fresh embedded lab, through the cell
 * pool's worker processes (2 by default). The sp1800-8 column is reused as the ablation's baseline.
 * Target: under 2 minutes. `--quick` runs the first three scenarios; `--workers N` sets the pool.
 */
import { performance } from 'node:perf_hooks';
import { CellPool } from '../lab/scenario-lab/cell-pool.ts';
import { formatTable } from '../lab/cli/output.ts';
import { loadCatalog } from '../scenarios/catalog/catalog.ts';
import { readPosture, shippedPostures } from '../scenarios/controls/posture.ts';
import { runAblation } from '../scenarios/engine/ablation.ts';
import { runMatrix } from '../scenarios/engine/matrix.ts';
import type { Outcome } from '../scenarios/engine/outcome.ts';
import { reuseIdenticalCells, type RunCell } from '../scenarios/engine/run-cell.ts';
import { median } from './shared/latency.ts';

const quick = process.argv.includes('--quick');
const workersFlag = process.argv.indexOf('--workers');
const workers = workersFlag > 0 ? Number(process.argv[workersFlag + 1]) : 2;
const seed = 'bench-1';
/** The issue's target for the whole matrix and ablation, seconds. */
const targetSeconds = 120;

const scenarios = loadCatalog().slice(0, quick ? 3 : undefined);
const postures = shippedPostures();
const base = readPosture('sp1800-8');

const pool = CellPool.start({ workers });
const ran: Outcome[] = [];
const counted: RunCell = async (scenario, posture, cellSeed) => {
  const outcome = await pool.runCell(scenario, posture, cellSeed);
  ran.push(outcome);
  if (process.stderr.isTTY) process.stderr.write(`\r${ran.length} runs`);
  return outcome;
};
const runCell = reuseIdenticalCells(counted);

const started = performance.now();
try {
  const [matrix, ablation] = await Promise.all([
    runMatrix(scenarios, postures, seed, runCell, { workers }),
    runAblation(scenarios, base, seed, runCell, { workers }),
  ]);
  const seconds = (performance.now() - started) / 1000;
  if (process.stderr.isTTY) process.stderr.write('\n');
  const mark = (outcome: Outcome | undefined): string =>
    outcome?.result === 'succeeded' ? 'SUCCEEDED' : 'blocked';
  console.log(
    formatTable(scenarios, [
      { header: 'SCENARIO', value: (scenario) => scenario.id },
      ...postures.map((posture) => ({
        header: posture.name.toUpperCase(),
        value: (scenario: { id: string }) =>
          mark(matrix.cells.find((cell) => cell.scenario === scenario.id && cell.posture === posture.name)),
      })),
      {
        header: 'SP1800-8 DEPENDS ON',
        value: (scenario: { id: string }) =>
          ablation.findings.find((finding) => finding.scenario === scenario.id)?.dependsOn.join(', ') || '-',
      },
    ]),
  );
  const perRun = median(ran.map((outcome) => outcome.timing.realMs)) / 1000;
  const slowest = [...ran].sort((a, b) => b.timing.realMs - a.timing.realMs).slice(0, 3);
  console.log(
    `\nslowest runs: ${slowest.map((o) => `${o.scenario} under ${o.posture} ${(o.timing.realMs / 1000).toFixed(1)} s`).join('; ')}`,
  );
  console.log(
    '\n' +
      formatTable(
        [
          { figure: 'scenarios', value: String(scenarios.length) },
          {
            figure: 'cells (matrix + ablation)',
            value: String(matrix.cells.length + ablation.cells.length + ablation.baseline.length),
          },
          { figure: 'runs (identical cells once)', value: String(ran.length) },
          { figure: 'workers', value: String(workers) },
          { figure: 'time per scenario run, median', value: `${perRun.toFixed(2)} s` },
          { figure: 'total', value: `${seconds.toFixed(1)} s` },
          { figure: 'target', value: `< ${targetSeconds} s: ${seconds < targetSeconds ? 'met' : 'missed'}` },
        ],
        [
          { header: 'FIGURE', value: (row) => row.figure },
          { header: 'VALUE', value: (row) => row.value },
        ],
      ),
  );
} finally {
  await pool.close();
}
