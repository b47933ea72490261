import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import { scenarioById } from '../../../scenarios/catalog/catalog.ts';
import type { Posture } from '../../../scenarios/controls/posture-schema.ts';
import type { Outcome } from '../../../scenarios/engine/outcome.ts';
import { runScenario } from '../../../scenarios/engine/run-scenario.ts';
import type { ImpactKind } from '../../../scenarios/catalog/scenario-schema.ts';

/** The seed every expectation here was written for. */
export const expectationSeed = 'expected-outcomes';

/** One real run of `scenario` under `posture` on a fresh embedded lab. */
export const runUnder = (scenario: string, posture: Pick<Posture, 'name' | 'controls'>): Promise<Outcome> =>
  runScenario(scenarioById(scenario), posture, expectationSeed, launchEmbeddedLab);

/** The impact kinds a run observed. */
export const observedImpacts = (outcome: Outcome): ImpactKind[] =>
  outcome.impacts.filter((finding) => finding.observed).map((finding) => finding.kind);

/** The control of the first barrier, or its kind when it was no control. */
export const firstBarrier = (outcome: Outcome): string | undefined => {
  const [first] = outcome.blockedBy;
  return first?.kind === 'control' ? first.control : first?.kind;
};

/** A readable account of a run for a failing assertion. */
export const account = (outcome: Outcome): string =>
  JSON.stringify(
    {
      result: outcome.result,
      blockedBy: outcome.blockedBy,
      steps: outcome.steps.map((step) => [step.id, step.status, step.summary]),
      impacts: outcome.impacts.map((finding) => [finding.kind, finding.observed, finding.clinical]),
    },
    null,
    1,
  );
