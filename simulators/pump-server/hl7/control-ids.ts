import type { Clock } from '../../../core/clock.ts';
import type { Random } from '../../../core/random.ts';

/** Makes MSH-10 message control ids. */
export type ControlIds = () => string;

/**
 * Message control ids (MSH-10, HL7 v2.6 2.14.9.10: unique per sender) of at most 20 characters, so
 * an answer's `A` + id still fits the 20 the lab's ACK builder keeps: `P`, the lab time in base 36
 * (unique across restarts while the clock moves on), 4 hex digits of the run and a counter.
 *
 * @example const next = controlIds(clock, random); next() // 'Pm5x2k1s0a3f90'
 */
export function controlIds(clock: Clock, random: Random): ControlIds {
  const run = random.hex8().slice(0, 4);
  let counter = 0;
  return () => {
    counter = (counter + 1) % 36 ** 4;
    return `P${clock.now().toString(36)}${run}${counter.toString(36)}`.slice(0, 20);
  };
}
