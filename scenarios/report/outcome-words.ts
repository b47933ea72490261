import type { ImpactKind } from '../catalog/scenario-schema.ts';
import { controlOf } from '../controls/controls.ts';
import type { Barrier, ImpactFinding, Outcome, StepOutcome } from '../engine/outcome.ts';
import { impactFigures } from './impact-short.ts';

/**
 * The short words every report format shares, so a matrix cell reads the same in the terminal, the
 * Markdown handout and the projected page.
 */

/** Each impact kind as a nurse or a CISO would say it. */
export const impactWords: Readonly<Record<ImpactKind, string>> = {
  'dose-changed': 'dose changed',
  'data-disclosed': 'patient data disclosed',
  'secrets-disclosed': 'secrets disclosed',
  'alarms-lost': 'alarms lost',
  'pumps-unavailable': 'pumps unavailable',
  'chart-forged': 'chart forged',
  'software-tampered': 'software tampered',
  'rogue-device-joined': 'rogue device joined',
  'order-spoofed': 'order spoofed',
};

/** A step's status as the room hears it. */
export const stepStatusWords: Readonly<Record<StepOutcome['status'], string>> = {
  done: 'DONE',
  blocked: 'BLOCKED',
  'not-run': 'NOT RUN',
};

/** What stood, in a few words: the control id, the product's own property, or "unattributed". */
export function barrierShort(barrier: Barrier): string {
  switch (barrier.kind) {
    case 'control':
      return barrier.control;
    case 'built-in':
      return `the product (${barrier.what})`;
    case 'unattributed':
      return 'an unattributed refusal';
  }
}

/** What stood, in a sentence: "Network segmentation (segmentation) at step scan: <evidence>". */
export function barrierSentence(barrier: Barrier): string {
  const what =
    barrier.kind === 'control'
      ? `${controlOf(barrier.control).title} (${barrier.control})`
      : barrier.kind === 'built-in'
        ? `the product itself: ${barrier.what}`
        : 'something the observations do not name';
  return `${what} at step ${barrier.step}: ${barrier.evidence}`;
}

/** One observed impact in a few words: "9 mL over order", else its kind ("chart forged"). */
export const impactShort = (impact: ImpactFinding): string => impactFigures(impact, impactWords[impact.kind]);

/** Whether the attack was seen: "detected" or "not detected". */
export const detectionShort = (outcome: Outcome): string =>
  outcome.detection.detected ? 'detected' : 'not detected';

/**
 * A matrix cell's text: "BLOCKED by segmentation · detected", "SUCCEEDED · 9 mL over order · not
 * detected". Never empty and never colour-dependent: the words carry the meaning.
 */
export function cellText(outcome: Outcome): string {
  if (outcome.result === 'blocked') {
    const first = outcome.blockedBy[0];
    const by = first ? `BLOCKED by ${barrierShort(first)}` : 'BLOCKED · no objective observed';
    return `${by} · ${detectionShort(outcome)}`;
  }
  const observed = outcome.impacts.filter((impact) => impact.observed);
  const first = observed[0];
  const what = first ? impactShort(first) + (observed.length > 1 ? ` +${observed.length - 1}` : '') : '';
  return ['SUCCEEDED', what, detectionShort(outcome)].filter((part) => part.length > 0).join(' · ');
}

/** The run's timing in one line: the only part of a report that differs between two runs. */
export const timingLine = (timing: { startedAt: string; realMs: number; workers?: number }): string =>
  `Run started ${timing.startedAt}, took ${(timing.realMs / 1000).toFixed(1)} s of real time` +
  (timing.workers === undefined ? '.' : ` on ${timing.workers} worker${timing.workers === 1 ? '' : 's'}.`);
