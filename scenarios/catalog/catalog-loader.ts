import fs from 'node:fs';
import { readInputText } from '../../core/input-file.ts';
import path from 'node:path';
import { isPumplabError, PumplabError, type ErrorCode } from '../../core/errors.ts';
import { parseLocatedYaml, throwProblems, type YamlProblem } from '../../gateway/yaml/located-yaml.ts';
import type { Action } from '../actions/action.ts';
import { scenarioProblems } from './scenario-checks.ts';
import { scenarioSchema, type Scenario } from './scenario-schema.ts';

/** The code an invalid scenario file is thrown with. */
export const scenarioInvalid: ErrorCode = 'SCENARIO_INVALID';

/** What scenarios are validated against beyond their schema. */
export interface ScenarioRules {
  /** The action library by name. */
  actions: ReadonlyMap<string, Action>;
  /** The zones an attacker may start in. */
  zones: readonly string[];
}

/**
 * Loads and validates every `*.yaml` scenario in `dir`, sorted by id. Each file is checked against
 * the scenario schema, then by `scenarioProblems` (file name = id, known zone, each step's `with:`
 * against its action's parameters, unique step ids, `requires` of earlier steps only, known
 * ATT&CK ids). The problems of every file are thrown together, each `file:line:column field: message`.
 *
 * @throws PumplabError SCENARIO_INVALID with `details.problems`
 */
export function loadScenarios(dir: string, rules: ScenarioRules): Scenario[] {
  const problems: YamlProblem[] = [];
  const scenarios: Scenario[] = [];
  for (const file of scenarioFiles(dir)) {
    try {
      const source = parseLocatedYaml(readText(dir, file), file, scenarioSchema, scenarioInvalid, 'scenario');
      const fileId = file.slice(0, -'.yaml'.length);
      const found = scenarioProblems(source.data, { ...rules, fileId }, source.problemAt);
      problems.push(...found);
      if (found.length === 0) scenarios.push(source.data);
    } catch (error) {
      // A file that does not parse or fit the schema: keep its located problems, check the others.
      if (!isPumplabError(error, scenarioInvalid) || !Array.isArray(error.details['located'])) throw error;
      problems.push(...(error.details['located'] as YamlProblem[]));
    }
  }
  throwProblems(scenarioInvalid, 'scenario catalog', problems);
  return scenarios.sort((a, b) => a.id.localeCompare(b.id));
}

function scenarioFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((entry) => entry.endsWith('.yaml'))
      .sort();
  } catch (cause) {
    throw new PumplabError('INPUT_FILE_UNREADABLE', `Cannot list scenarios in ${dir}.`, { dir }, { cause });
  }
}

const readText = (dir: string, file: string): string => readInputText(path.join(dir, file), 'scenario');
