import { isPumplabError, PumplabError } from '../../core/errors.ts';
import type { Action, AttackContext, StepReport } from '../actions/action.ts';
import type { Scenario, ScenarioStep } from '../catalog/scenario-schema.ts';
import type { StepOutcome } from './outcome.ts';
import type { PumpSampler } from './pump-sampler.ts';
import type { StepWindow } from './run-record.ts';
import { missingRequirements, requiredSteps } from './step-requirements.ts';

/** What a caller (the dashboard stepping through a tabletop) may do as a run goes. */
export interface RunHooks {
  /** Awaited before each step, run or not: the facilitator's "next". */
  beforeStep?(step: ScenarioStep, index: number): Promise<void>;
  /** Each step's outcome as it happens: the client's evidence and the lab's logs so far. */
  afterStep?(outcome: StepOutcome): void;
}

/** One step as played: the step, what its client reported, and when it ran. Not-run steps have neither. */
export interface PlayedStep {
  step: ScenarioStep;
  status: StepOutcome['status'];
  summary: string;
  report?: StepReport;
  window?: StepWindow;
}

/** Finds an action by name (the action library's registry, in a run); undefined when there is none. */
export type ActionLookup = (name: string) => Action | undefined;

/** The action a step names; a scenario naming none the library has is refused, not skipped. */
function actionOf(lookup: ActionLookup, step: ScenarioStep): Action {
  const action = lookup(step.action);
  if (action) return action;
  throw new PumplabError(
    'SCENARIO_ACTION_UNKNOWN',
    `Step ${step.id} names no action of the library: ${step.action}.`,
    {
      step: step.id,
      action: step.action,
    },
  );
}

/** Runs one action with its step's parameters, validated against the action's own schema. */
async function runAction(action: Action, step: ScenarioStep, context: AttackContext): Promise<StepReport> {
  const params = action.params.safeParse(step.with);
  if (!params.success) {
    throw new PumplabError('INPUT_INVALID', `Step ${step.id}: the parameters of ${action.name} do not fit.`, {
      step: step.id,
      problems: params.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  try {
    return await action.run(context, params.data);
  } catch (error) {
    // A refusal is a report, not an exception: an action that throws failed, and so does the run.
    const message = `Step ${step.id} (${action.name}) failed: ${error instanceof Error ? error.message : String(error)}`;
    if (isPumplabError(error)) {
      throw new PumplabError(error.code, message, { ...error.details, step: step.id }, { cause: error });
    }
    throw new Error(message, { cause: error });
  }
}

/**
 * Plays a scenario's steps in order. A step runs only when every step it requires was done, else
 * it is `not-run`; each run step's lab-time window is recorded, and the pumps are sampled after it.
 * `describe` turns a played step into the outcome handed to `hooks.afterStep`.
 */
export async function playSteps(
  scenario: Scenario,
  context: AttackContext,
  sampler: PumpSampler,
  lookup: ActionLookup,
  hooks: RunHooks,
  describe: (played: PlayedStep) => StepOutcome,
): Promise<PlayedStep[]> {
  const status = new Map<string, string>();
  const played: PlayedStep[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    await hooks.beforeStep?.(step, index);
    const missing = missingRequirements(requiredSteps(scenario.steps, index), status);
    let entry: PlayedStep;
    if (missing.length > 0) {
      entry = { step, status: 'not-run', summary: `Not run: ${missing.join(', ')} was not done.` };
    } else {
      const action = actionOf(lookup, step);
      const start = context.lab.now();
      const report = await runAction(action, step, context);
      const end = context.lab.now();
      sampler.sample();
      const window: StepWindow = { id: step.id, action: step.action, status: report.status, start, end };
      entry = { step, status: report.status, summary: report.summary, report, window };
    }
    status.set(step.id, entry.status);
    played.push(entry);
    hooks.afterStep?.(describe(entry));
  }
  return played;
}
