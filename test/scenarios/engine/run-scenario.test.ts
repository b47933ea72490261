import { describe, expect, it } from 'vitest';
import { launchEmbeddedLab } from '../../../lab/scenario-lab/launch-embedded-lab.ts';
import { scenarioById } from '../../../scenarios/catalog/catalog.ts';
import type { ScenarioStep } from '../../../scenarios/catalog/scenario-schema.ts';
import { readPosture } from '../../../scenarios/controls/posture.ts';
import type { StepOutcome } from '../../../scenarios/engine/outcome.ts';
import { runScenario } from '../../../scenarios/engine/run-scenario.ts';
import { comparable } from './outcome-comparison.ts';

/**
 * Real runs: each starts a zoned embedded lab under the posture's configuration, plays the
 * scenario's actions against it from the attacker's address, and decides the outcome from what the
 * lab shows. What each should show is written here, in the test, never in the engine.
 */
const run = (scenario: string, posture: string, seed = 'engine-test') =>
  runScenario(scenarioById(scenario), readPosture(posture), seed, launchEmbeddedLab);

const impact = (outcome: Awaited<ReturnType<typeof run>>, kind: string) =>
  outcome.impacts.find((finding) => finding.kind === kind);

describe('runScenario against a real lab', () => {
  it('default-credentials-console under flat-2015: the factory login discloses records and changes doses', async () => {
    const outcome = await run('default-credentials-console', 'flat-2015');
    expect(outcome.result).toBe('succeeded');
    expect(outcome.controls).toEqual([]);
    expect(outcome.steps.map((step) => step.status)).toEqual(['done', 'done']);
    expect(impact(outcome, 'data-disclosed')?.observed).toBe(true);
    expect(impact(outcome, 'dose-changed')).toMatchObject({
      observed: true,
      clinical: expect.stringContaining('rate changed from'),
    });
    expect(outcome.blockedBy).toEqual([]);
    expect(outcome.workflow.ok).toBe(true);
  });

  it('default-credentials-console under sp1800-8: no console answers on patched pumps, the next step does not run', async () => {
    const outcome = await run('default-credentials-console', 'sp1800-8');
    expect(outcome.result).toBe('blocked');
    expect(outcome.steps.map((step) => step.status)).toEqual(['blocked', 'not-run']);
    expect(outcome.blockedBy[0]).toMatchObject({
      kind: 'control',
      control: 'patched-firmware',
      step: 'find-consoles',
    });
    expect(outcome.impacts.every((finding) => !finding.observed)).toBe(true);
    expect(outcome.workflow.ok).toBe(true);
  });

  it('tampered-library-media under flat-2015: a legacy pump takes the unsigned library', async () => {
    const outcome = await run('tampered-library-media', 'flat-2015');
    expect(outcome.result).toBe('succeeded');
    expect(impact(outcome, 'software-tampered')).toMatchObject({
      observed: true,
      clinical: expect.stringContaining('drug library'),
    });
  });

  it('tampered-library-media under sp1800-8: signed libraries refuse both the unsigned and the self-signed one', async () => {
    const outcome = await run('tampered-library-media', 'sp1800-8');
    expect(outcome.result).toBe('blocked');
    expect(outcome.blockedBy.map((barrier) => barrier.kind === 'control' && barrier.control)).toEqual([
      'signed-libraries',
      'signed-libraries',
    ]);
    expect(impact(outcome, 'software-tampered')?.observed).toBe(false);
  });

  it('telemetry-harvest under flat-2015: a laptop subscribed to every pump topic reads patient records', async () => {
    const outcome = await run('telemetry-harvest', 'flat-2015');
    expect(outcome.result).toBe('succeeded');
    expect(impact(outcome, 'data-disclosed')).toMatchObject({
      observed: true,
      clinical: expect.stringMatching(/^\d+ patient records? disclosed/),
    });
  });

  it('telemetry-harvest under sp1800-8: the gateway denies the enterprise laptop by segmentation', async () => {
    const outcome = await run('telemetry-harvest', 'sp1800-8');
    expect(outcome.result).toBe('blocked');
    expect(outcome.blockedBy[0]).toMatchObject({ kind: 'control', control: 'segmentation' });
    expect(outcome.steps[0]?.evidence).toContainEqual(
      expect.objectContaining({ source: 'gateway', code: 'GATEWAY_FLOW_DENIED' }),
    );
  });

  it('awaits the caller before each step and hands it each step outcome as it happens', async () => {
    const events: string[] = [];
    const outcome = await runScenario(
      scenarioById('default-credentials-console'),
      readPosture('sp1800-8'),
      'engine-test',
      launchEmbeddedLab,
      {
        beforeStep: async (step: ScenarioStep) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          events.push(`before ${step.id}`);
        },
        afterStep: (step: StepOutcome) => events.push(`after ${step.id} ${step.status}`),
      },
    );
    expect(events).toEqual([
      'before find-consoles',
      'after find-consoles blocked',
      'before factory-login',
      'after factory-login not-run',
    ]);
    expect(outcome.steps.map((step) => step.id)).toEqual(['find-consoles', 'factory-login']);
  });

  it('gives the same outcome for the same seed twice, but for timing and lab times', async () => {
    const [first, second] = await Promise.all([
      run('tampered-library-media', 'flat-2015', 'twice'),
      run('tampered-library-media', 'flat-2015', 'twice'),
    ]);
    expect(comparable(second)).toEqual(comparable(first));
  });
});
