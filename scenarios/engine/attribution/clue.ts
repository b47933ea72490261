import type { ControlId } from '../../controls/controls.ts';
import type { EvidenceLine } from '../outcome.ts';

/**
 * What one line of evidence says about why a step was refused: the controls that refuse this way,
 * most specific first, and what the product does by itself that refuses this way, when a control
 * is not what did (firmware 4.2.1 keeps no console whatever the posture).
 */
export interface Clue {
  candidates: readonly ControlId[];
  builtIn?: string;
}

/** A line of evidence and what it says about the barrier, if anything. */
export interface CluedLine {
  line: EvidenceLine;
  clue?: Clue;
}

/** A clue naming `candidates`, with an optional built-in property. */
export const clue = (candidates: readonly ControlId[], builtIn?: string): Clue =>
  builtIn === undefined ? { candidates } : { candidates, builtIn };
