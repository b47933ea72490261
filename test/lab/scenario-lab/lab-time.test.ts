import { describe, expect, it } from 'vitest';
import { VariableClock } from '../../../core/clock.ts';
import { LabTime, scenarioClockSpeeds } from '../../../lab/scenario-lab/lab-time.ts';

/** A VariableClock that remembers every speed it was set to. */
class RecordingClock extends VariableClock {
  readonly speeds: number[] = [];

  override setSpeed(speed: number): void {
    this.speeds.push(speed);
    super.setSpeed(speed);
  }
}

describe("a scenario lab's time", () => {
  it('lets a long wait pass at the waiting speed, then goes back to the steps speed', async () => {
    const clock = new RecordingClock(scenarioClockSpeeds.steps);
    const time = new LabTime(clock);
    const start = time.now();
    await time.wait(5 * 60_000);
    expect(time.now() - start).toBeGreaterThanOrEqual(5 * 60_000);
    expect(clock.speeds).toEqual([scenarioClockSpeeds.waiting, scenarioClockSpeeds.steps]);
    expect(clock.speed).toBe(scenarioClockSpeeds.steps);
  });

  it('keeps the steps speed for a short wait (an action listening a few lab seconds)', async () => {
    const clock = new RecordingClock(scenarioClockSpeeds.steps);
    const time = new LabTime(clock);
    const start = time.now();
    await time.wait(2_000);
    expect(time.now() - start).toBeGreaterThanOrEqual(2_000);
    expect(clock.speeds).toEqual([]);
  });

  it('slows down only when the last of overlapping long waits ends', async () => {
    const clock = new RecordingClock(scenarioClockSpeeds.steps);
    const time = new LabTime(clock);
    const short = time.wait(2 * 60_000).then(() => clock.speed);
    const long = time.wait(6 * 60_000).then(() => clock.speed);
    expect(await short).toBe(scenarioClockSpeeds.waiting);
    await long;
    expect(clock.speed).toBe(scenarioClockSpeeds.steps);
  });

  it('polls a probe until it answers, or gives up once the lab-time budget has passed', async () => {
    const time = new LabTime(new VariableClock(scenarioClockSpeeds.steps));
    let calls = 0;
    expect(await time.poll(() => (++calls >= 3 ? 'found' : undefined), 60_000, 5)).toBe('found');
    const start = time.now();
    expect(await time.poll(() => undefined, 10_000, 5)).toBeUndefined();
    expect(time.now() - start).toBeGreaterThanOrEqual(10_000);
  });
});
