import type { AttributedStep } from './attribution.ts';
import type { CluedLine } from './attribution/clue.ts';
import { stepEvidence, type LabLogs } from './attribution/step-evidence.ts';
import type { LabUnderTest, PumpView } from './lab-under-test.ts';
import type { StepOutcome } from './outcome.ts';
import type { RunRecord, TimeWindow } from './run-record.ts';
import type { PlayedStep } from './step-player.ts';

/** A played step's outcome, with its evidence lines. */
export function stepOutcome(played: PlayedStep, lines: readonly CluedLine[]): StepOutcome {
  const { step, status, summary, window } = played;
  return {
    id: step.id,
    action: step.action,
    status,
    summary,
    evidence: lines.map((clued) => clued.line),
    ...(window ? { at: window.start } : {}),
  };
}

/** A played step's evidence from `logs` over `window`, read against the ward as it was at the start. */
function evidenceOf(
  played: PlayedStep,
  window: TimeWindow | undefined,
  logs: LabLogs,
  address: string,
  pumps: readonly PumpView[],
): CluedLine[] {
  if (!played.report || !window) return [];
  return stepEvidence(played.report, window, logs, address, { pumps, params: played.step.with });
}

/**
 * A step's outcome while the run goes on (handed to a hook): the lab's logs so far, from the step's
 * start to now.
 */
export function liveStepOutcome(
  played: PlayedStep,
  lab: LabUnderTest,
  address: string,
  pumps: readonly PumpView[],
): StepOutcome {
  const window = played.window && { start: played.window.start, end: lab.now() };
  const logs: LabLogs = {
    decisions: lab.observe.decisions(),
    admissions: lab.observe.admissions(),
    securityEvents: lab.observe.securityEvents(),
  };
  return stepOutcome(played, evidenceOf(played, window, logs, address, pumps));
}

/**
 * The lab-time window a step's log lines are taken from: from its start to the start of the next
 * step that ran (or the end of the run): a server may log a refusal a moment after the client saw it.
 */
function logWindows(played: readonly PlayedStep[], end: number): Map<string, TimeWindow> {
  const ran = played.flatMap((entry) =>
    entry.window ? [{ id: entry.step.id, start: entry.window.start }] : [],
  );
  return new Map(ran.map((entry, i) => [entry.id, { start: entry.start, end: ran[i + 1]?.start ?? end }]));
}

/** Every played step with its final evidence, drawn from the logs as they stood after the exposure. */
export function attributedSteps(played: readonly PlayedStep[], record: RunRecord): AttributedStep[] {
  const windows = logWindows(played, record.after.at);
  return played.map((entry) => ({
    id: entry.step.id,
    status: entry.status,
    lines: evidenceOf(
      entry,
      windows.get(entry.step.id),
      record.after,
      record.attacker.address,
      record.before.pumps,
    ),
  }));
}
