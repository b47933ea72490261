import type { Outcome } from '../../../scenarios/engine/outcome.ts';

/**
 * An outcome as two runs of one seed must agree on it: without `timing` and lab times (`at`), and
 * with the workflow check's steps reduced to their names and verdicts — its details name the HL7
 * control id (MSH-10) each run mints afresh (lab/scenario-lab/workflow-check.ts).
 */
export function comparable(outcome: Outcome): unknown {
  const { timing: _timing, workflow, ...rest } = outcome;
  return withoutAt({
    ...rest,
    workflow: { ok: workflow.ok, steps: workflow.steps.map(({ step, ok }) => ({ step, ok })) },
  });
}

function withoutAt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAt);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'at')
      .map(([key, entry]) => [key, withoutAt(entry)]),
  );
}
