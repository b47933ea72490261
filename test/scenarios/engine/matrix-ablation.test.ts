import { describe, expect, it } from 'vitest';
import type { ControlId } from '../../../scenarios/controls/controls.ts';
import type { Posture } from '../../../scenarios/controls/posture.ts';
import { ablationFinding, runAblation } from '../../../scenarios/engine/ablation.ts';
import { runMatrix } from '../../../scenarios/engine/matrix.ts';
import type { Outcome } from '../../../scenarios/engine/outcome.ts';
import { reuseIdenticalCells, type RunCell } from '../../../scenarios/engine/run-cell.ts';
import type { PostureRef } from '../../../scenarios/engine/run-scenario.ts';

const posture = (name: string, controls: ControlId[]): Posture => ({
  name,
  title: name,
  description: name,
  controls,
});
const base = posture('base', ['segmentation', 'mutual-tls', 'monitoring']);

/** An outcome as a cell would return it; the matrix and ablation only read result and detection. */
function outcome(scenario: string, on: PostureRef, result: Outcome['result'], detected = false): Outcome {
  return {
    scenario,
    posture: on.name,
    controls: [...on.controls],
    seed: 's',
    result,
    blockedBy: [],
    steps: [],
    detection: { detected, alerts: [] },
    impacts: [],
    workflow: { ok: true, steps: [] },
    timing: { startedAt: '2026-01-01T00:00:00.000Z', realMs: 1 },
  };
}

/**
 * A stand-in for running cells: scenario `a` gets through whenever segmentation is off; `b` only
 * when both segmentation and mutual TLS are off; `c` always. Detection follows monitoring.
 */
function rules(calls: string[]): RunCell {
  return async (scenario, on, seed) => {
    calls.push(`${scenario}|${[...on.controls].sort().join(',')}|${seed}`);
    const has = (control: ControlId) => on.controls.includes(control);
    const through =
      scenario === 'a'
        ? !has('segmentation')
        : scenario === 'b'
          ? !has('segmentation') && !has('mutual-tls')
          : true;
    return outcome(scenario, on, through ? 'succeeded' : 'blocked', has('monitoring'));
  };
}

describe('ablation findings', () => {
  it('finds a single point of failure, defence in depth, and what detection depends on', async () => {
    const result = await runAblation([{ id: 'a' }, { id: 'b' }, { id: 'c' }], base, 's', rules([]));
    expect(result.cells.map((cell) => cell.removed)).toEqual([
      'segmentation',
      'mutual-tls',
      'monitoring',
      'segmentation',
      'mutual-tls',
      'monitoring',
      'segmentation',
      'mutual-tls',
      'monitoring',
    ]);
    expect(result.findings).toEqual([
      {
        scenario: 'a',
        blockedByBase: true,
        dependsOn: ['segmentation'],
        singlePointOfFailure: 'segmentation',
        inDepth: false,
        detectionDependsOn: ['monitoring'],
      },
      {
        scenario: 'b',
        blockedByBase: true,
        dependsOn: [],
        singlePointOfFailure: null,
        inDepth: true,
        detectionDependsOn: ['monitoring'],
      },
      {
        scenario: 'c',
        blockedByBase: false,
        dependsOn: [],
        singlePointOfFailure: null,
        inDepth: false,
        detectionDependsOn: ['monitoring'],
      },
    ]);
  });

  it('lists every removal that lets the attack through, with no single point of failure when there are two', () => {
    const baseline = outcome('x', base, 'blocked');
    const cells = (['segmentation', 'mutual-tls'] as const).map((removed) => ({
      ...outcome('x', base, 'succeeded'),
      removed,
    }));
    expect(ablationFinding('x', baseline, cells)).toMatchObject({
      dependsOn: ['segmentation', 'mutual-tls'],
      singlePointOfFailure: null,
      inDepth: false,
    });
  });
});

describe('matrix', () => {
  it('runs every scenario under every posture, scenario by scenario', async () => {
    const postures = [posture('open', []), base];
    const matrix = await runMatrix(
      [
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B' },
      ],
      postures,
      's',
      rules([]),
      {
        workers: 2,
      },
    );
    expect(matrix.cells.map((cell) => `${cell.scenario}/${cell.posture}/${cell.result}`)).toEqual([
      'a/open/succeeded',
      'a/base/blocked',
      'b/open/succeeded',
      'b/base/blocked',
    ]);
    expect(matrix.postures).toEqual([
      { name: 'open', title: 'open', controls: [] },
      { name: 'base', title: 'base', controls: ['segmentation', 'mutual-tls', 'monitoring'] },
    ]);
    expect(matrix.timing.workers).toBe(2);
  });

  it("reuses the base posture's matrix column as the ablation's baseline instead of running it twice", async () => {
    const calls: string[] = [];
    const runCell = reuseIdenticalCells(rules(calls));
    const scenarios = [{ id: 'a', title: 'A' }];
    await runMatrix(scenarios, [posture('open', []), base], 's', runCell);
    const ablation = await runAblation(scenarios, base, 's', runCell);
    expect(calls).toHaveLength(2 + 3);
    expect(new Set(calls).size).toBe(calls.length);
    expect(ablation.baseline[0]?.posture).toBe('base');
  });

  it('gives a reused cell the posture name it was asked under', async () => {
    const runCell = reuseIdenticalCells(rules([]));
    await runCell('a', posture('first', ['segmentation']), 's');
    expect((await runCell('a', posture('second', ['segmentation']), 's')).posture).toBe('second');
  });
});
