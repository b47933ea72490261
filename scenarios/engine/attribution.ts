import type { ControlId } from '../controls/controls.ts';
import type { CluedLine } from './attribution/clue.ts';
import type { Barrier, EvidenceLine } from './outcome.ts';

const quoted = (line: EvidenceLine): string => `${line.source} ${line.code}: ${line.line}`;

/**
 * What stood in the way of one blocked step, read from its evidence (the client's lines and the
 * lab's logs in its window): each line's code names the controls that refuse that way, and the
 * barrier is the first of them the posture has on; a line whose candidates are all off names the
 * product's own property instead (firmware 3.1.0 checks library signatures itself) when it has
 * one. Every distinct barrier is listed, controls first; when no line explains the refusal, the
 * step is `unattributed`. This reads evidence only: it never looks up what a scenario should do.
 *
 * @example barriersOfStep('load-library', lines, new Set(['signed-libraries']))[0] // { kind: 'control', control: 'signed-libraries', ... }
 */
export function barriersOfStep(
  step: string,
  lines: readonly CluedLine[],
  on: ReadonlySet<ControlId>,
): Barrier[] {
  const found = explainedBarriers(step, lines, on);
  if (found.length > 0) return found;
  return [unattributed(step, lines)];
}

/** Refused by what no line says: quoted with the client's first line, else the first refusal logged. */
const unattributed = (step: string, lines: readonly CluedLine[]): Barrier => {
  const shown =
    lines.find(({ line }) => line.source === 'client') ??
    lines.find(({ line }) => !line.code.endsWith('_ALLOWED')) ??
    lines[0];
  return { kind: 'unattributed', step, evidence: shown ? quoted(shown.line) : 'the client reported nothing' };
};

/** The barriers the lines explain (controls first, then built-in properties); empty when none. */
function explainedBarriers(step: string, lines: readonly CluedLine[], on: ReadonlySet<ControlId>): Barrier[] {
  const controls = new Map<ControlId, Barrier>();
  const builtIn = new Map<string, Barrier>();
  for (const { line, clue } of lines) {
    if (!clue) continue;
    const control = clue.candidates.find((candidate) => on.has(candidate));
    if (control !== undefined) {
      if (!controls.has(control))
        controls.set(control, { kind: 'control', control, step, evidence: quoted(line) });
    } else if (clue.builtIn !== undefined && !builtIn.has(clue.builtIn)) {
      builtIn.set(clue.builtIn, { kind: 'built-in', what: clue.builtIn, step, evidence: quoted(line) });
    }
  }
  return [...controls.values(), ...builtIn.values()];
}

/** A step as attribution sees it: its status and its evidence. */
export interface AttributedStep {
  id: string;
  status: 'done' | 'blocked' | 'not-run';
  lines: readonly CluedLine[];
}

/**
 * Every barrier of a run, in step order (the earliest blocked step's first). When the attack got
 * through every step yet no objective impact was observed, what stood in the way came after the
 * broker or the server said yes (a pump's drug library refusing the commanded rate, say): it is
 * read from the last step's evidence, and listed as `unattributed` when that does not say.
 */
export function barriersOfRun(
  steps: readonly AttributedStep[],
  on: ReadonlySet<ControlId>,
  objectiveObserved: boolean,
): Barrier[] {
  const barriers = steps
    .filter((step) => step.status === 'blocked')
    .flatMap((step) => barriersOfStep(step.id, step.lines, on));
  const last = [...steps].reverse().find((step) => step.status === 'done');
  if (barriers.length > 0 || objectiveObserved || !last) return barriers;
  const explained = explainedBarriers(last.id, last.lines, on);
  if (explained.length > 0) return explained;
  return [
    {
      kind: 'unattributed',
      step: last.id,
      evidence: 'every step that ran was done, yet no objective impact was observed',
    },
  ];
}
