import { afterAll, beforeAll } from 'vitest';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import type { Action, AttackContext, StepReport } from '../../../scenarios/actions/action.ts';
import { createAttackContext } from '../../../scenarios/actions/attack-context.ts';
import { actionNamed } from '../../../scenarios/actions/registry.ts';
import type { ControlId } from '../../../scenarios/controls/controls.ts';
import { settingsFor } from '../../../scenarios/controls/lab-settings.ts';
import type { LabUnderTest } from '../../../scenarios/engine/lab-under-test.ts';

/**
 * A real scenario lab (zoned embedded lab, six pumps, two infusing) under `controls`, started
 * before the file's tests and closed after them. Read `.lab` inside a test.
 */
export function scenarioLab(seed: string, controls: ControlId[] = []): { readonly lab: LabUnderTest } {
  const holder: { lab?: LabUnderTest } = {};
  beforeAll(async () => {
    holder.lab = await launchEmbeddedLab(settingsFor(new Set(controls)), seed);
  });
  afterAll(() => holder.lab?.close());
  return {
    get lab(): LabUnderTest {
      if (!holder.lab) throw new Error('the lab has not started');
      return holder.lab;
    },
  };
}

/** Runs the action called `name` with `params` (validated as a scenario step's are). */
export function play(context: AttackContext, name: string, params: unknown): Promise<StepReport> {
  const action: Action = actionNamed(name);
  return action.run(context, action.params.parse(params));
}

/** A fresh attacker in `zone`. */
export const attackerIn = (lab: LabUnderTest, zone: string): AttackContext => createAttackContext(lab, zone);

/** The codes of a report's evidence, in order. */
export const codes = (report: StepReport): string[] => report.evidence.map((item) => item.code);
