/**
 * A lab clock at real speed whose repeating timers fire when the benchmark says, not on their
 * schedule. The pump's only repeating timer is its status report (simulators/pump/pump.ts), so each
 * `fire` is one status report from the next pump in turn: the benchmark sets the offered load
 * itself, evenly over the fleet, without thousands of timers of its own. Time and one-shot timers
 * are the real ones (speed 1), so `sentAt` compares with the server's `receivedAt`.
 */
import { ScaledClock, type LabClock, type TimerHandle } from '../../core/clock.ts';

export class DrivenClock implements LabClock {
  readonly speed = 1;
  private readonly real = new ScaledClock(1);
  private readonly sources: Array<(() => void) | undefined> = [];
  private nextSource = 0;

  /**
   * The wall clock itself. A ScaledClock anchors on `Date.now()` once and loses the anchor's
   * fraction of a millisecond: two fleets anchored apart would differ by up to 1 ms, half the 2 ms
   * the latency target allows. Read directly, both fleets share the one server's bias instead.
   */
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    return this.real.setTimer(delayMs, callback);
  }

  /** Registers `callback` as a load source; `intervalMs` is ignored: `fire` decides when it runs. */
  setRepeating(_intervalMs: number, callback: () => void): TimerHandle {
    const index = this.sources.push(callback) - 1;
    return { cancel: () => (this.sources[index] = undefined) };
  }

  /** Sources registered and not cancelled. */
  get sourceCount(): number {
    return this.sources.filter((source) => source !== undefined).length;
  }

  /** Runs `count` sources, round-robin from where the last call stopped; returns how many ran. */
  fire(count: number): number {
    let fired = 0;
    for (let skipped = 0; fired < count && skipped < this.sources.length;) {
      const source = this.sources[this.nextSource];
      this.nextSource = (this.nextSource + 1) % this.sources.length;
      if (source) {
        source();
        fired += 1;
        skipped = 0;
      } else skipped += 1;
    }
    return fired;
  }
}
