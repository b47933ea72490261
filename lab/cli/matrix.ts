import type { Command } from 'commander';
import { z } from 'zod';
import type { AblationResult, MatrixResult } from '../../scenarios/engine/matrix-result.ts';
import type { RunCell } from '../../scenarios/engine/run-cell.ts';
import { writeMatrixReports } from '../../scenarios/report/write-reports.ts';
import { countingCells } from './matrix-progress.ts';
import { defaultReportDir, selectMatrix, type MatrixSelection } from './matrix-selection.ts';
import { matrixText } from './matrix-text.ts';
import { emit, progress } from './output.ts';
import { catalogOptionsSchema, defaultSeed, withCatalogOptions } from './scenario-options.ts';
import { cliAction, cliLogger } from './shared-options.ts';

const matrixOptions = catalogOptionsSchema.extend({
  postures: z.string().min(1).optional(),
  scenarios: z.string().min(1).optional(),
  ablation: z.boolean().default(false),
  base: z.string().min(1).default('sp1800-8'),
  seed: z.string().min(1).default(defaultSeed),
  workers: z.coerce.number().int().min(1).max(64).default(2),
  out: z.string().min(1).optional(),
});
type MatrixOptions = z.output<typeof matrixOptions>;

/** What one `pumplab matrix` produced. */
interface MatrixRun {
  matrix: MatrixResult;
  ablation: AblationResult | undefined;
}

/**
 * The cells' runner: the worker pool, or, for a catalog folder of the user's (which the pool's
 * workers do not load: they run the shipped catalog), labs in this process `workers` at a time.
 * Either way wrapped so identical cells run once and each finished lab prints a progress line.
 * The engine and the lab load here, not when the CLI starts: other commands need neither.
 */
async function runCells(
  options: MatrixOptions,
  selection: MatrixSelection,
): Promise<{ runCell: RunCell; close(): Promise<void> }> {
  const { reuseIdenticalCells, runCellsInProcess } = await import('../../scenarios/engine/run-cell.ts');
  if (options.catalog !== undefined) {
    const { launchEmbeddedLab } = await import('../scenario-lab/launch-embedded-lab.ts');
    const logger = cliLogger();
    const byId = new Map(selection.scenarios.map((scenario) => [scenario.id, scenario]));
    const inProcess = runCellsInProcess(
      (id) => byId.get(id)!,
      (settings, seed) => launchEmbeddedLab(settings, seed, { logger }),
      { concurrency: options.workers },
    );
    return { runCell: reuseIdenticalCells(countingCells(inProcess, selection.total)), close: async () => {} };
  }
  const { CellPool } = await import('../scenario-lab/cell-pool.ts');
  const pool = CellPool.start({ workers: options.workers });
  return {
    runCell: reuseIdenticalCells(countingCells(pool.runCell, selection.total)),
    close: () => pool.close(),
  };
}

async function runAll(options: MatrixOptions, selection: MatrixSelection): Promise<MatrixRun> {
  const { runMatrix } = await import('../../scenarios/engine/matrix.ts');
  const { runAblation } = await import('../../scenarios/engine/ablation.ts');
  const cells = await runCells(options, selection);
  try {
    const timing = { workers: options.workers };
    // Both at once: the pool queues every cell, and the base's matrix column is the ablation's baseline.
    const [matrix, ablation] = await Promise.all([
      runMatrix(selection.scenarios, selection.postures, options.seed, cells.runCell, timing),
      selection.base
        ? runAblation(selection.scenarios, selection.base, options.seed, cells.runCell, timing)
        : Promise.resolve(undefined),
    ]);
    return { matrix, ablation };
  } finally {
    await cells.close();
  }
}

/**
 * `pumplab matrix`: every scenario under every posture (and, with --ablation, under the base
 * posture without each of its controls), each cell a fresh lab in a worker process. Progress goes
 * to stderr; the reports (JSON, Markdown, HTML) go to --out, and stdout says where.
 */
export function registerMatrix(program: Command): void {
  withCatalogOptions(
    program
      .command('matrix')
      .description('run every scenario under every posture, and optionally the ablation; write the reports')
      .option('--postures <names>', 'postures (names or files), comma-separated (default: every shipped one)')
      .option('--scenarios <ids>', 'scenario ids, comma-separated (default: the whole catalog)')
      .option('--ablation', 'also run the base posture without each of its controls in turn')
      .option('--base <posture>', 'the ablation base posture', 'sp1800-8')
      .option('--seed <seed>', 'same seed, same wards, same outcomes', defaultSeed)
      .option('--workers <n>', 'worker processes, each running one lab at a time', '2')
      .option('--out <dir>', 'where to write the reports (default: .pumplab/reports/<timestamp>/)'),
  ).action(
    cliAction(matrixOptions, async (options) => {
      // Everything is read and checked first: a typo fails in a second, before any lab starts.
      const selection = selectMatrix(options);
      const dir = options.out ?? defaultReportDir(new Date());
      progress(
        `running ${selection.total} cells (${selection.scenarios.length} scenarios × ${selection.postures.length} postures` +
          `${selection.base ? `, ablation of ${selection.base.name}` : ''}) on ${options.workers} workers…`,
      );
      const { matrix, ablation } = await runAll(options, selection);
      const titles = new Map(selection.scenarios.map((scenario) => [scenario.id, scenario.title]));
      const files = writeMatrixReports(dir, matrix, ablation, titles);
      emit(options, { dir, files, matrix, ablation: ablation ?? null }, () =>
        matrixText(matrix, ablation, titles, files),
      );
    }),
  );
}
