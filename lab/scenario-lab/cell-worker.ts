/**
 * One worker process of the cell pool (cell-pool.ts): takes a cell at a time over IPC, runs it in a
 * fresh embedded lab on free ports, and answers with the outcome as JSON. Started by the pool with
 * `node --import tsx cell-worker.ts`; it exits when the pool disconnects or stops it.
 */
import { isPumplabError } from '../../core/errors.ts';
import { loadCatalog } from '../../scenarios/catalog/catalog.ts';
import type { Scenario } from '../../scenarios/catalog/scenario-schema.ts';
import type { LabLauncher, LabUnderTest } from '../../scenarios/engine/lab-under-test.ts';
import { runScenario } from '../../scenarios/engine/run-scenario.ts';
import { cellRequestSchema, type CellReply } from './cell-messages.ts';
import { launchEmbeddedLab } from './launch-embedded-lab.ts';

/** Labs open now, so a stopped worker closes them (and removes their state directories) first. */
const open = new Set<LabUnderTest>();
const launcher: LabLauncher = async (settings, seed) => {
  const lab = await launchEmbeddedLab(settings, seed);
  open.add(lab);
  return lab;
};

let catalog: Map<string, Scenario> | undefined;
/** The catalog, loaded and validated once per worker. */
function scenario(id: string): Scenario {
  catalog ??= new Map(loadCatalog().map((entry) => [entry.id, entry]));
  const found = catalog.get(id);
  if (!found) throw new Error(`No scenario has id '${id}' in the catalog.`);
  return found;
}

function failure(id: number, error: unknown): CellReply {
  if (isPumplabError(error)) {
    return {
      type: 'failed',
      id,
      error: { code: error.code, message: error.message, details: { ...error.details } },
    };
  }
  return { type: 'failed', id, error: { message: error instanceof Error ? error.message : String(error) } };
}

async function handle(message: unknown): Promise<CellReply> {
  const request = cellRequestSchema.safeParse(message);
  if (!request.success)
    return failure(-1, new Error(`The worker cannot read its request: ${request.error.message}`));
  const { id, scenarioId, posture, seed } = request.data;
  try {
    return { type: 'outcome', id, outcome: await runScenario(scenario(scenarioId), posture, seed, launcher) };
  } catch (error) {
    return failure(id, error);
  } finally {
    open.clear();
  }
}

process.on('message', (message) => {
  void handle(message).then((reply) => process.send?.(reply));
});

/** Stopped by the pool: close the lab in flight so its state directory goes too, then exit. */
async function stop(): Promise<void> {
  await Promise.allSettled([...open].map((lab) => lab.close()));
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop());
