import { describe, expect, it } from 'vitest';
import { VariableClock } from '../../core/clock.ts';

/** Resolves once `callback` is called, with the lab time it saw; rejects after `realMs`. */
function firing(set: (callback: () => void) => void, clock: VariableClock, realMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the timer never fired')), realMs);
    set(() => {
      clearTimeout(timeout);
      resolve(clock.now());
    });
  });
}

const pause = (realMs: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, realMs));

describe('the variable clock', () => {
  it('keeps lab time continuous when its speed changes', async () => {
    const clock = new VariableClock(1, 1_000_000);
    await pause(20);
    const before = clock.now();
    clock.setSpeed(600);
    const after = clock.now();
    expect(clock.speed).toBe(600);
    expect(after).toBeGreaterThanOrEqual(before);
    // No jump: only the real time between the two reads, at most a few real seconds at 600x.
    expect(after - before).toBeLessThan(600 * 5_000);
    clock.setSpeed(20);
    expect(clock.now()).toBeGreaterThanOrEqual(after);
  });

  it('fires a pending timer at its lab due time after speeding up', async () => {
    const clock = new VariableClock(1);
    const due = clock.now() + 60_000;
    const fired = firing((callback) => clock.setTimer(60_000, callback), clock);
    // At 1x a lab minute is a real minute; at 600x what is left of it passes in a tenth of a second.
    clock.setSpeed(600);
    expect(await fired).toBeGreaterThanOrEqual(due);
  });

  it('holds a pending timer back after slowing down, and fires it once sped up again', async () => {
    const clock = new VariableClock(1_000);
    const due = clock.now() + 10_000;
    let firedAt: number | undefined;
    clock.setTimer(10_000, () => (firedAt = clock.now()));
    // 10 lab seconds are 10 real ms at 1000x, but 1000 real seconds at 0.01x.
    clock.setSpeed(0.01);
    await pause(200);
    expect(firedAt).toBeUndefined();
    const fired = firing((callback) => clock.setTimer(10_000, callback), clock);
    clock.setSpeed(5_000);
    await fired;
    await pause(50);
    expect(firedAt).toBeGreaterThanOrEqual(due);
  });

  it('keeps a repeating timer on lab time across speed changes', async () => {
    const clock = new VariableClock(100);
    const start = clock.now();
    const seen: number[] = [];
    const enough = new Promise<void>((resolve) => {
      const handle = clock.setRepeating(1_000, () => {
        seen.push(clock.now());
        if (seen.length === 2) clock.setSpeed(1_000);
        if (seen.length === 6) {
          handle.cancel();
          resolve();
        }
      });
    });
    await enough;
    // The n-th firing is never before n lab intervals have passed.
    seen.forEach((at, index) => expect(at - start).toBeGreaterThanOrEqual((index + 1) * 1_000));
  });

  it('never fires a cancelled timer, whatever the speed does', async () => {
    const clock = new VariableClock(1_000);
    let fired = false;
    const handle = clock.setTimer(5, () => (fired = true));
    handle.cancel();
    clock.setSpeed(100_000);
    await pause(50);
    expect(fired).toBe(false);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => new VariableClock(0)).toThrow(RangeError);
    expect(() => new VariableClock(2).setSpeed(-1)).toThrow(RangeError);
    expect(() => new VariableClock(2).setSpeed(Number.NaN)).toThrow(RangeError);
  });
});
