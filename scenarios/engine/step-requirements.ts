import type { ScenarioStep } from '../catalog/scenario-schema.ts';

/**
 * The steps `steps[index]` needs done before it runs: its `requires`, or by default the step just
 * before it (the first step needs none).
 *
 * @example requiredSteps(steps, 2) // ['find-consoles'] for a step with no `requires` after find-consoles
 */
export function requiredSteps(steps: readonly ScenarioStep[], index: number): string[] {
  const step = steps[index];
  if (step?.requires !== undefined) return [...step.requires];
  const previous = steps[index - 1];
  return previous ? [previous.id] : [];
}

/** The required steps that were not done (blocked, not run, or not yet reached): empty when it may run. */
export function missingRequirements(
  required: readonly string[],
  status: ReadonlyMap<string, string>,
): string[] {
  return required.filter((id) => status.get(id) !== 'done');
}
