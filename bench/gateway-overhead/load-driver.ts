/**
 * Turns a {@link FleetLoad} into status reports fired on a {@link DrivenClock}. Paced is open loop:
 * `perSecond` reports spread evenly over the fleet whatever the path does, as pumps on a schedule
 * would. Saturating is closed loop: it tops the fleet up to `inFlight` reports not yet acknowledged,
 * so the path, not a schedule, sets the rate (Little's law: rate = reports in flight / round trip).
 */
import type { FleetLoad } from '../shared/child-protocol.ts';
import type { DrivenClock } from './driven-clock.ts';

const ticks = {
  paced: 2, // ms: a 1,000/s load leaves in twos, not in bursts of a timer's worth
  saturating: 10, // ms: each top-up reads every link's counters; a 10 ms gap drains <5% of the window
};

export class LoadDriver {
  private timer: NodeJS.Timeout | undefined;

  /** `outstanding` counts the fleet's reports emitted and not yet acknowledged (PUBACK). */
  constructor(
    private readonly clock: DrivenClock,
    private readonly outstanding: () => number,
  ) {}

  /** Replaces the current load with `load`. */
  apply(load: FleetLoad): void {
    this.stop();
    if (load.kind === 'paced') this.pace(load.perSecond);
    else if (load.kind === 'saturating') this.saturate(load.inFlight);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private pace(perSecond: number): void {
    const started = performance.now();
    let fired = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((performance.now() - started) * perSecond) / 1000) - fired;
      if (due > 0) fired += this.clock.fire(due);
    }, ticks.paced);
  }

  private saturate(inFlight: number): void {
    const topUp = (): void => {
      const missing = inFlight - this.outstanding();
      if (missing > 0) this.clock.fire(missing);
    };
    topUp();
    this.timer = setInterval(topUp, ticks.saturating);
  }
}
