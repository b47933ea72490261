import type { YamlPath, YamlProblem } from '../../gateway/yaml/located-yaml.ts';
import type { Action } from '../actions/action.ts';
import { isAttackIcsTechnique } from './attack-ics.ts';
import type { Scenario } from './scenario-schema.ts';

/** What a scenario is checked against beyond its own schema. */
export interface ScenarioContext {
  /** The action library by name (scenarios/actions/registry.ts). */
  actions: ReadonlyMap<string, Action>;
  /** The zones of the lab topology an attacker may start in. */
  zones: readonly string[];
  /** The id the file name gives (`<id>.yaml`). */
  fileId: string;
}

type ProblemAt = (path: YamlPath, message: string) => YamlProblem;

/**
 * The problems of a schema-valid scenario that its schema alone cannot see: the id is not the file's
 * name, the attacker's zone is not in the topology, a step's action is unknown or its `with:` block
 * does not fit that action's parameters, step ids repeat, `requires` names a step that is not an
 * earlier one, or an ATT&CK for ICS id is unknown. Each problem is located at the offending value.
 */
export function scenarioProblems(scenario: Scenario, context: ScenarioContext, at: ProblemAt): YamlProblem[] {
  const problems: YamlProblem[] = [];
  if (scenario.id !== context.fileId) {
    problems.push(at(['id'], `id '${scenario.id}' differs from the file name '${context.fileId}'`));
  }
  if (!context.zones.includes(scenario.attacker.zone)) {
    problems.push(
      at(
        ['attacker', 'zone'],
        `attacker.zone: unknown zone '${scenario.attacker.zone}'; zones: ${context.zones.join(', ')}`,
      ),
    );
  }
  problems.push(...stepProblems(scenario, context.actions, at));
  scenario.mappings.attack_ics.forEach((id, index) => {
    if (!isAttackIcsTechnique(id)) {
      problems.push(
        at(
          ['mappings', 'attack_ics', index],
          `mappings.attack_ics.${index}: '${id}' is not an ATT&CK for ICS technique (scenarios/catalog/attack-ics.ts)`,
        ),
      );
    }
  });
  return problems;
}

function stepProblems(
  scenario: Scenario,
  actions: ReadonlyMap<string, Action>,
  at: ProblemAt,
): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const ids = scenario.steps.map((step) => step.id);
  scenario.steps.forEach((step, index) => {
    const where = `steps.${index}`;
    if (ids.indexOf(step.id) !== index) {
      problems.push(at(['steps', index, 'id'], `${where}.id: step id '${step.id}' is used twice`));
    }
    (step.requires ?? []).forEach((required, r) => {
      // A step may wait only for steps played before it: the engine plays them in file order.
      if (ids.slice(0, index).includes(required)) return;
      const why = ids.includes(required)
        ? 'which is not an earlier step'
        : 'which is no step of this scenario';
      problems.push(at(['steps', index, 'requires', r], `${where}.requires: '${required}', ${why}`));
    });
    const action = actions.get(step.action);
    if (!action) {
      const known = [...actions.keys()].sort().join(', ');
      problems.push(
        at(['steps', index, 'action'], `${where}.action: unknown action '${step.action}'; actions: ${known}`),
      );
      return;
    }
    problems.push(...paramProblems(action, step.with, ['steps', index, 'with'], at));
  });
  return problems;
}

/** The `with:` block checked against the action's own parameter schema, each issue at its field. */
function paramProblems(action: Action, params: unknown, base: YamlPath, at: ProblemAt): YamlProblem[] {
  const parsed = action.params.safeParse(params);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    const where = path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) =>
        at(path, `${where}: unknown parameter '${key}' of action '${action.name}'`),
      );
    }
    return [at(path, `${where}: ${issue.message} (action '${action.name}')`)];
  });
}
