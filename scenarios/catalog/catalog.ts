import { fileURLToPath } from 'node:url';
import { PumplabError, type ErrorCode } from '../../core/errors.ts';
import { readTopologyFile } from '../../gateway/topology/topology.ts';
import { actionRegistry } from '../actions/registry.ts';
import { loadScenarios, type ScenarioRules } from './catalog-loader.ts';
import type { Scenario } from './scenario-schema.ts';

export { scenarioInvalid } from './catalog-loader.ts';

/** The code for an id no scenario carries. */
export const scenarioUnknown: ErrorCode = 'SCENARIO_UNKNOWN';

/** Where the shipped scenarios live: one `<id>.yaml` each, beside this file. */
export const shippedCatalogDir = fileURLToPath(new URL('./', import.meta.url));

/** The rules the shipped catalog is held to: the action library and the shipped topology's zones. */
export const catalogRules = (): ScenarioRules => ({
  actions: actionRegistry,
  zones: readTopologyFile().zones.map((zone) => zone.name),
});

/**
 * Loads and validates the scenarios of `dir` (default the shipped catalog), sorted by id: each file
 * against the scenario schema, each step's `with:` against its action's parameters from the action
 * registry, the attacker's zone against the default topology. See `loadScenarios`.
 *
 * @example loadCatalog().map((scenario) => scenario.id)[0] // 'alarm-takeover-dos'
 * @throws PumplabError SCENARIO_INVALID, `details.problems` one
 *   `file:line:column field: message` each
 */
export function loadCatalog(
  dir: string = shippedCatalogDir,
  rules: ScenarioRules = catalogRules(),
): Scenario[] {
  return loadScenarios(dir, rules);
}

/**
 * The scenario with `id` in the shipped catalog (or in `dir`).
 *
 * @example scenarioById('rogue-mqtt-dose-change').attacker.zone // 'enterprise'
 * @throws PumplabError SCENARIO_UNKNOWN with `details.known`, every id
 */
export function scenarioById(id: string, dir?: string, rules?: ScenarioRules): Scenario {
  const catalog = loadCatalog(dir, rules);
  const found = catalog.find((scenario) => scenario.id === id);
  if (found) return found;
  const known = catalog.map((scenario) => scenario.id);
  throw new PumplabError(
    scenarioUnknown,
    `No scenario has id '${id}'. Known scenarios: ${known.join(', ')}.`,
    {
      scenario: id,
      known,
    },
  );
}
