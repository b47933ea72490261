import { describe, expect, it } from 'vitest';
import { DrivenClock } from '../../../bench/gateway-overhead/driven-clock.ts';

describe('the driven clock', () => {
  it('fires its repeating timers only when told, round-robin, skipping cancelled ones', () => {
    const clock = new DrivenClock();
    const fired: string[] = [];
    const handles = ['a', 'b', 'c'].map((name) => clock.setRepeating(10, () => fired.push(name)));
    expect(fired).toEqual([]);
    expect(clock.fire(4)).toBe(4);
    expect(fired).toEqual(['a', 'b', 'c', 'a']);
    handles[1]?.cancel();
    expect(clock.sourceCount).toBe(2);
    expect(clock.fire(3)).toBe(3);
    expect(fired.slice(4)).toEqual(['c', 'a', 'c']);
  });

  it('fires nothing when every timer is cancelled', () => {
    const clock = new DrivenClock();
    clock.setRepeating(10, () => undefined).cancel();
    expect(clock.fire(5)).toBe(0);
  });
});
