import { performance } from 'node:perf_hooks';
import { createAttackContext } from '../actions/attack-context.ts';
import { actionNamed } from '../actions/registry.ts';
import type { Scenario } from '../catalog/scenario-schema.ts';
import { controlIds, type ControlId } from '../controls/controls.ts';
import { settingsFor } from '../controls/lab-settings.ts';
import type { Posture } from '../controls/posture.ts';
import { barriersOfRun } from './attribution.ts';
import { detect } from './detection.ts';
import { observeImpacts } from './impacts/observe-impacts.ts';
import { observeAfter, snapshotBefore } from './lab-snapshots.ts';
import type { LabLauncher } from './lab-under-test.ts';
import type { Outcome } from './outcome.ts';
import { PumpSampler } from './pump-sampler.ts';
import type { RunRecord, TimeWindow } from './run-record.ts';
import { attributedSteps, liveStepOutcome, stepOutcome } from './step-outcomes.ts';
import { playSteps, type ActionLookup, type PlayedStep, type RunHooks } from './step-player.ts';

export type { RunHooks } from './step-player.ts';

/** What a run needs of a posture: its name and its controls (an ablation's posture is data too). */
export type PostureRef = Pick<Posture, 'name' | 'controls'>;

export interface RunOptions {
  /** Real ms between pump samples (pump-sampler.ts). */
  sampleEveryMs?: number;
  /** Where actions are found; the action library's registry by default. */
  actions?: ActionLookup;
}

const minute = 60_000;

/** The attack window: from the first step that ran to the end of the last one. */
function attackWindow(played: readonly PlayedStep[], fallback: number): TimeWindow {
  const windows = played.flatMap((entry) => (entry.window ? [entry.window] : []));
  return { start: windows[0]?.start ?? fallback, end: windows[windows.length - 1]?.end ?? fallback };
}

/**
 * Runs one scenario under one posture in a fresh lab and decides its outcome from what the lab
 * shows. The lab starts with the posture's real configuration; the attacker stands on a spare
 * address of the scenario's zone; each step runs its action when the steps it requires were done;
 * pumps are sampled between steps and on a timer; `exposureMinutes` of lab time pass after the last
 * step; then the objective impacts are observed, each blocked step's barrier read from its evidence,
 * the monitor's alerts on the attacker collected, and the clinical workflow checked. The lab is
 * closed whatever happens. Same scenario, posture and seed: the same outcome, but for `timing`
 * and lab times (`at`).
 *
 * @example const outcome = await runScenario(scenarioById('default-credentials-console'), readPosture('flat-2015'), 'seed-1', launchEmbeddedLab);
 */
export async function runScenario(
  scenario: Scenario,
  posture: PostureRef,
  seed: string,
  launcher: LabLauncher,
  hooks: RunHooks = {},
  options: RunOptions = {},
): Promise<Outcome> {
  const startedAt = new Date().toISOString();
  const realStart = performance.now();
  const on = new Set<ControlId>(posture.controls);
  const lab = await launcher(settingsFor(on), seed);
  const sampler = new PumpSampler(lab, options.sampleEveryMs);
  try {
    const context = createAttackContext(lab, scenario.attacker.zone);
    const before = snapshotBefore(lab);
    sampler.start();
    const describeLive = (played: PlayedStep) =>
      liveStepOutcome(played, lab, context.attacker.address, before.pumps);
    const played = await playSteps(
      scenario,
      context,
      sampler,
      options.actions ?? actionNamed,
      hooks,
      describeLive,
    );
    const attack = attackWindow(played, before.at);
    await lab.wait(scenario.exposureMinutes * minute);
    sampler.stop();
    const after = observeAfter(lab, before.patients);
    const record: RunRecord = {
      attacker: context.attacker,
      before,
      samples: sampler.samples,
      after,
      loot: context.loot,
      windows: played.flatMap((entry) => (entry.window ? [entry.window] : [])),
      attack,
    };
    const impacts = observeImpacts(scenario.objective, record);
    const succeeded = impacts.some((impact) => impact.observed);
    const steps = attributedSteps(played, record);
    const detection = detect(after.alerts, [context.attacker.address], { start: before.at, end: after.at });
    const workflow = await lab.checkWorkflow();
    return {
      scenario: scenario.id,
      posture: posture.name,
      controls: controlIds.filter((id) => on.has(id)),
      seed,
      result: succeeded ? 'succeeded' : 'blocked',
      blockedBy: barriersOfRun(steps, on, succeeded),
      steps: played.map((entry, i) => stepOutcome(entry, steps[i]?.lines ?? [])),
      detection,
      impacts,
      workflow,
      timing: { startedAt, realMs: Math.round(performance.now() - realStart) },
    };
  } finally {
    sampler.cancel();
    await lab.close();
  }
}
