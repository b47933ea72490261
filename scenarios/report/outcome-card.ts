import type { Outcome } from '../engine/outcome.ts';
import { barrierSentence, impactWords } from './outcome-words.ts';

/**
 * The outcome card a facilitator reads out after the last step: the same content in every format
 * (terminal, Markdown, HTML), built once here from the outcome alone.
 */
export interface OutcomeCard {
  /** "SUCCEEDED" or "BLOCKED". */
  result: string;
  /** One sentence on the result. */
  headline: string;
  /** Each barrier: which control (or property) at which step, with its evidence line. */
  blockedBy: string[];
  /** "Detected by ..." per alert, or the one line saying nothing was raised. */
  detection: string[];
  /** Each objective impact, observed or not, in clinical words. */
  impacts: string[];
  /** "Intact: ..." or which workflow step failed and why. */
  workflow: string[];
}

/**
 * Builds the card of one outcome.
 * @example outcomeCard(outcome).headline // "The attack was blocked at step scan."
 */
export function outcomeCard(outcome: Outcome): OutcomeCard {
  const first = outcome.blockedBy[0];
  const headline =
    outcome.result === 'succeeded'
      ? 'The attacker got what it came for.'
      : first
        ? `The attack was blocked at step ${first.step}.`
        : 'The attack ran, but none of its objectives was observed.';
  return {
    result: outcome.result === 'succeeded' ? 'SUCCEEDED' : 'BLOCKED',
    headline,
    blockedBy: outcome.blockedBy.map(barrierSentence),
    detection: detectionLines(outcome),
    impacts: outcome.impacts.map(
      (impact) =>
        `${impact.observed ? 'Observed' : 'Not observed'}: ${impactWords[impact.kind]}. ${impact.clinical}`,
    ),
    workflow: workflowLines(outcome),
  };
}

function detectionLines(outcome: Outcome): string[] {
  const { detection } = outcome;
  if (!detection.detected || detection.alerts.length === 0)
    return ["Not detected: no monitor alert came from the attacker's address."];
  return detection.alerts.map((alert) => `Detected by ${alert.kind} (${alert.severity}): ${alert.reason}`);
}

function workflowLines(outcome: Outcome): string[] {
  const { workflow } = outcome;
  if (workflow.ok) return ['Intact: a nurse could still scan, order, start a pump and see it charted.'];
  const failed = workflow.steps.filter((step) => !step.ok);
  if (failed.length === 0) return ['Broken: the clinical workflow did not complete.'];
  return failed.map((step) => `Broken at ${step.step}: ${step.detail}`);
}

/**
 * The card as plain text for the terminal, one section per line group.
 * @example process.stdout.write(outcomeCardText(outcomeCard(outcome)) + '\n')
 */
export function outcomeCardText(card: OutcomeCard, title: string): string {
  const section = (name: string, lines: string[]): string[] =>
    lines.length === 0 ? [] : [`${name}:`, ...lines.map((line) => `  - ${line}`)];
  return [
    `${title}: ${card.result}`,
    card.headline,
    ...section('Blocked by', card.blockedBy),
    ...section('Detection', card.detection),
    ...section('Clinical impact', card.impacts),
    ...section('Clinical workflow', card.workflow),
  ].join('\n');
}
