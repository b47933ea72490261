import { VariableClock, type AdjustableClock } from '../../core/clock.ts';

/** How fast a scenario lab's clock runs (lab ms per real ms). */
export const scenarioClockSpeeds = {
  /** While attack steps run: real sockets keep pace, and a 60 s monitor window is 3 real seconds. */
  steps: 20,
  /** While a run waits out lab time (the exposure period): an hour passes in six real seconds. */
  waiting: 600,
  /** Waits shorter than this (lab ms) keep the step speed: an action listening a few seconds is a step. */
  fastWaitFromMs: 60_000,
} as const;

/** A scenario lab's clock: starting at the steps' speed, changed by {@link LabTime.wait}. */
export const scenarioClock = (): VariableClock => new VariableClock(scenarioClockSpeeds.steps);

/**
 * Lab time as a scenario run sees it: `now()`, and `wait()` that lets lab time pass, a long wait at
 * the waiting speed. The lab's timers keep their lab due times across a speed change (VariableClock),
 * so an infusion delivers the same volume over an hour at either speed.
 */
export class LabTime {
  private waiting = 0;

  constructor(private readonly clock: AdjustableClock) {}

  now(): number {
    return this.clock.now();
  }

  /** Resolves once `labMs` of lab time has passed. Waits may overlap: the clock slows when the last ends. */
  async wait(labMs: number): Promise<void> {
    if (!(labMs > 0)) return;
    const fast = labMs >= scenarioClockSpeeds.fastWaitFromMs;
    if (fast) {
      this.waiting += 1;
      this.clock.setSpeed(scenarioClockSpeeds.waiting);
    }
    try {
      await new Promise<void>((resolve) => this.clock.setTimer(labMs, resolve));
    } finally {
      if (fast) {
        this.waiting -= 1;
        if (this.waiting === 0) this.clock.setSpeed(scenarioClockSpeeds.steps);
      }
    }
  }

  /**
   * Polls `probe` every `pollMs` real ms until it returns something other than undefined, or until
   * `budgetMs` of lab time has passed (then undefined).
   */
  async poll<T>(probe: () => T | undefined, budgetMs: number, pollMs = 50): Promise<T | undefined> {
    const deadline = this.clock.now() + budgetMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.clock.now() >= deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
