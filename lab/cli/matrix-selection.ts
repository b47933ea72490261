import path from 'node:path';
import { PumplabError } from '../../core/errors.ts';
import { loadCatalog } from '../../scenarios/catalog/catalog.ts';
import type { Scenario } from '../../scenarios/catalog/scenario-schema.ts';
import { readPosture, shippedPostures, type Posture } from '../../scenarios/controls/posture.ts';
import { ablationOf } from '../../scenarios/controls/posture-ablation.ts';
import { cellKey } from '../../scenarios/engine/run-cell.ts';
import { commaList, defaultStateDir } from './shared-options.ts';

/** What a matrix run covers, worked out and checked before any lab starts. */
export interface MatrixSelection {
  scenarios: Scenario[];
  postures: Posture[];
  /** The ablation's base posture, when an ablation was asked for. */
  base: Posture | undefined;
  /** How many distinct labs will run: identical cells (same scenario, controls, seed) run once. */
  total: number;
}

/** The catalog's scenarios, or those `ids` names (each must exist: a typo lists the known ids). */
function selectScenarios(catalog: Scenario[], ids: string | undefined): Scenario[] {
  if (ids === undefined) return catalog;
  const known = catalog.map((scenario) => scenario.id);
  return commaList(ids).map((id) => {
    const found = catalog.find((scenario) => scenario.id === id);
    if (found) return found;
    throw new PumplabError(
      'SCENARIO_UNKNOWN',
      `No scenario has id '${id}'. Known scenarios: ${known.join(', ')}.`,
      {
        scenario: id,
        known,
      },
    );
  });
}

/**
 * Reads the scenarios and postures a matrix asks for, so an unknown id or posture fails at once.
 * @example selectMatrix({ postures: 'flat-2015,sp1800-8', ablation: true, base: 'sp1800-8', seed: 'pumplab' })
 */
export function selectMatrix(options: {
  catalog?: string | undefined;
  scenarios?: string | undefined;
  postures?: string | undefined;
  ablation: boolean;
  base: string;
  seed: string;
}): MatrixSelection {
  const scenarios = selectScenarios(loadCatalog(options.catalog), options.scenarios);
  const postures = options.postures ? commaList(options.postures).map(readPosture) : shippedPostures();
  const base = options.ablation ? readPosture(options.base) : undefined;
  const runs = [...postures, ...(base ? [base, ...ablationOf(base)] : [])];
  const keys = new Set(
    scenarios.flatMap((scenario) => runs.map((posture) => cellKey(scenario.id, posture, options.seed))),
  );
  return { scenarios, postures, base, total: keys.size };
}

/**
 * Where reports go when --out is not given: `.pumplab/reports/<timestamp>/`, one folder per run so
 * that none overwrites another. The timestamp avoids ':' for Windows file names.
 */
export const defaultReportDir = (now: Date): string =>
  path.join(defaultStateDir, 'reports', now.toISOString().replace(/:/g, '-'));
