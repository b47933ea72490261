import type { Endpoint } from '../engine/lab-under-test.ts';
import type { AttackContext } from './action.ts';
import { addressOf } from './targets.ts';

/**
 * What a flood lends the attacker's other actions on the same endpoint: one script runs them all,
 * so a takeover can trade one of the flood's connections for a session when the service is full.
 */
export interface FloodSlots {
  /** The service turned one of the flood's connections away (a clean close, no reset): it is full. */
  readonly full: boolean;
  /** Closes one held connection (the flood takes the next free slot back); false when it holds none. */
  yieldOne(): boolean;
  /**
   * Keeps a session open until the flood ends, and `close` then: closing it sooner would give its
   * slot to whichever client dials first, a pump as likely as the flood. False once the flood ended.
   */
  adopt(close: () => Promise<void>): boolean;
}

interface Held {
  /** Holds still running after their steps returned. */
  holds: Set<Promise<void>>;
  /** Floods running, by `host:port`. */
  floods: Map<string, FloodSlots>;
}

/** Per attack context: a run's attacker is one context, and what it holds ends with it. */
const byContext = new WeakMap<AttackContext, Held>();

function heldBy(context: AttackContext): Held {
  let held = byContext.get(context);
  if (!held) {
    held = { holds: new Set(), floods: new Map() };
    byContext.set(context, held);
  }
  return held;
}

/**
 * Lets `hold` run on after the step returns (an action's `background: true`), tracked until it ends.
 * It never rejects: a hold closes its own sockets on every path, and an error it did not expect
 * ends it quietly rather than as an unhandled rejection in the middle of a run.
 *
 * @example holdInBackground(context, async () => { await holdFor(context.lab, holdMs); await flood.end(); });
 */
export function holdInBackground(context: AttackContext, hold: () => Promise<void>): void {
  const held = heldBy(context);
  const running: Promise<void> = hold()
    .catch(() => undefined)
    .finally(() => held.holds.delete(running));
  held.holds.add(running);
}

/**
 * Resolves once every hold the attacker keeps in the background has ended, its sockets closed.
 *
 * @example await backgroundHoldsEnded(context); // after the lab time of the longest hold
 */
export async function backgroundHoldsEnded(context: AttackContext): Promise<void> {
  const held = byContext.get(context);
  while (held && held.holds.size > 0) await Promise.all([...held.holds]);
}

/** Lends a running flood's slots on `endpoint`; returns the call that withdraws them when it ends. */
export function offerFloodSlots(context: AttackContext, endpoint: Endpoint, slots: FloodSlots): () => void {
  const { floods } = heldBy(context);
  const key = addressOf(endpoint);
  floods.set(key, slots);
  return () => {
    if (floods.get(key) === slots) floods.delete(key);
  };
}

/** The slots of the attacker's flood running on `endpoint`, if one runs. */
export function floodSlotsAt(context: AttackContext, endpoint: Endpoint): FloodSlots | undefined {
  return byContext.get(context)?.floods.get(addressOf(endpoint));
}
