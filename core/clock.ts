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

/** A lab clock whose speed can change while it runs. */
export interface AdjustableClock extends LabClock {
  /** Runs lab time `speed` times faster than real time from now on; lab time never jumps. */
  setSpeed(speed: number): void;
}

interface VariableTimer {
  /** Lab time it is due, ms. */
  due: number;
  callback: () => void;
  interval?: number;
  real?: NodeJS.Timeout;
}

/**
 * Lab time whose speed changes as a run goes (a scenario plays its attack steps at ~20x, then lets
 * the exposure period pass at ~600x). `now()` stays continuous across a change, and every pending
 * timer keeps its lab due time: its real timer is set again at the new speed. A repeating timer
 * that falls behind (a busy event loop) skips the periods it missed rather than firing a burst.
 *
 * @example
 * const clock = new VariableClock(20);
 * clock.setTimer(60_000, done); // a lab minute: 3 real seconds at 20x...
 * clock.setSpeed(600); // ...or 0.1 s from here on
 */
export class VariableClock implements AdjustableClock {
  private realAnchor = performance.now();
  private labAnchor: number;
  private current: number;
  private readonly pending = new Set<VariableTimer>();

  constructor(speed = 1, start = Date.now()) {
    assertSpeed(speed);
    this.current = speed;
    this.labAnchor = start;
  }

  get speed(): number {
    return this.current;
  }

  now(): number {
    return Math.floor(this.exactNow());
  }

  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.labAnchor = this.exactNow();
    this.realAnchor = performance.now();
    this.current = speed;
    for (const timer of this.pending) this.arm(timer);
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    return this.add({ due: this.exactNow() + Math.max(0, delayMs), callback });
  }

  setRepeating(intervalMs: number, callback: () => void): TimerHandle {
    const interval = Math.max(1, intervalMs);
    return this.add({ due: this.exactNow() + interval, callback, interval });
  }

  private exactNow(): number {
    return this.labAnchor + (performance.now() - this.realAnchor) * this.current;
  }

  private add(timer: VariableTimer): TimerHandle {
    this.pending.add(timer);
    this.arm(timer);
    return {
      cancel: () => {
        clearTimeout(timer.real);
        this.pending.delete(timer);
      },
    };
  }

  /** (Re)sets the real timer that wakes `timer` at its lab due time on the current speed. */
  private arm(timer: VariableTimer): void {
    clearTimeout(timer.real);
    const realDelay = Math.max(0, (timer.due - this.exactNow()) / this.current);
    timer.real = setTimeout(() => this.fire(timer), timer.interval ? Math.max(1, realDelay) : realDelay);
    timer.real.unref?.();
  }

  private fire(timer: VariableTimer): void {
    if (!this.pending.has(timer)) return;
    // A real timer may wake a little early (its ms are rounded): wait for the lab due time.
    if (this.exactNow() < timer.due) {
      this.arm(timer);
      return;
    }
    if (timer.interval === undefined) this.pending.delete(timer);
    else {
      const behind = Math.floor((this.exactNow() - timer.due) / timer.interval);
      timer.due += (behind + 1) * timer.interval;
      this.arm(timer);
    }
    timer.callback();
  }
}

function assertSpeed(speed: number): void {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('clock speed must be positive');
}
