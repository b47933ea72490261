import type { LabUnderTest } from './lab-under-test.ts';
import type { PumpSample } from './run-record.ts';

/** Real ms between timer samples: a few lab seconds at the clock speeds a scenario runs at. */
export const defaultSampleEveryMs = 100;

/**
 * Samples the pumps' views while a run goes on: on a short real-time timer and whenever asked
 * (between steps), so a rate change or a lost session is seen as it happens, not only at the end.
 */
export class PumpSampler {
  readonly samples: PumpSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private failure: unknown;

  constructor(
    private readonly lab: LabUnderTest,
    private readonly everyMs = defaultSampleEveryMs,
  ) {}

  /** Takes a sample now, then one every `everyMs` real ms until `stop()`. */
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  /** Takes one sample now. */
  sample(): void {
    try {
      this.samples.push({ at: this.lab.now(), pumps: this.lab.observe.pumps() });
    } catch (error) {
      // Thrown from a timer it would end the process: kept, and thrown by `stop()` instead.
      this.failure ??= error;
    }
  }

  /**
   * Takes a last sample and stops the timer.
   *
   * @throws what a sample threw, if one failed: a run must not be judged on a broken picture
   */
  stop(): void {
    this.cancel();
    this.sample();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Stops the timer without a last sample (a run that failed: nothing more is judged). */
  cancel(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
