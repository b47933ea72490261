/**
 * Time, injected. Every simulator and the PKI read time from a Clock so that a seeded run replays
 * and a lab can run faster than real time. Timers are set in lab milliseconds.
 */
export interface Clock {
  /** The current time in milliseconds since the epoch, on this clock. */
  now(): number;
}

/** A handle to cancel a timer set on a LabClock. */
export interface TimerHandle {
  cancel(): void;
}

/** A clock that can also wake code up after an interval of its own time. */
export interface LabClock extends Clock {
  /** Calls `callback` once, `delayMs` lab milliseconds from now. */
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  /** Calls `callback` every `intervalMs` lab milliseconds until cancelled. */
  setRepeating(intervalMs: number, callback: () => void): TimerHandle;
  /** How many lab milliseconds pass per real millisecond (1 = real time). */
  readonly speed: number;
}

/** The machine's wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Lab time that runs `speed` times faster than real time from `start` (default: now). A 60x clock
 * runs an hour's infusion in a minute; timers fire on real timers scaled down by the speed.
 */
export class ScaledClock implements LabClock {
  private readonly realStart = performance.now();
  private readonly labStart: number;

  constructor(
    readonly speed = 1,
    start = Date.now(),
  ) {
    if (!(speed > 0)) throw new RangeError('clock speed must be positive');
    this.labStart = start;
  }

  now(): number {
    return Math.floor(this.labStart + (performance.now() - this.realStart) * this.speed);
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer = setTimeout(callback, Math.max(0, delayMs / this.speed));
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  }

  setRepeating(intervalMs: number, callback: () => void): TimerHandle {
    const timer = setInterval(callback, Math.max(1, intervalMs / this.speed));
    timer.unref?.();
    return { cancel: () => clearInterval(timer) };
  }
}

interface PendingTimer {
  due: number;
  order: number;
  callback: () => void;
  interval?: number;
  cancelled: boolean;
}

/** A clock that stands still until moved; timers fire, in order, as `advance` passes them. */
export class ManualClock implements LabClock {
  readonly speed = 1;
  private readonly timers: PendingTimer[] = [];
  private order = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    return this.add({ due: this.current + delayMs, callback });
  }

  setRepeating(intervalMs: number, callback: () => void): TimerHandle {
    return this.add({ due: this.current + intervalMs, callback, interval: Math.max(1, intervalMs) });
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due, at its due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.current = next.due;
      if (next.interval) next.due += next.interval;
      else next.cancelled = true;
      next.callback();
    }
    this.current = target;
  }

  set(ms: number): void {
    this.current = ms;
  }

  private add(timer: Omit<PendingTimer, 'order' | 'cancelled'>): TimerHandle {
    const pending: PendingTimer = { ...timer, order: this.order++, cancelled: false };
    this.timers.push(pending);
    return { cancel: () => (pending.cancelled = true) };
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (let i = this.timers.length - 1; i >= 0; i -= 1) {
      const timer = this.timers[i] as PendingTimer;
      if (timer.cancelled) this.timers.splice(i, 1);
      else if (
        timer.due <= limit &&
        (!best || timer.due < best.due || (timer.due === best.due && timer.order < best.order))
      )
        best = timer;
    }
    return best;
  }
}
