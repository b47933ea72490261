import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../gateway/monitor/state/bounded-map.ts';
import { RepeatSuppressor } from '../../../gateway/monitor/state/repeat-suppressor.ts';
import { SourceWindows } from '../../../gateway/monitor/state/source-windows.ts';
import { addressOfSource } from '../../../gateway/monitor/source-resolution.ts';

describe('the monitor’s bounded state', () => {
  it('BoundedMap forgets the least recently set key beyond its capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.size, map.get('a'), map.get('b'), map.get('c')]).toEqual([2, 3, undefined, 4]);
  });

  it('SourceWindows tracks at most maxSources sources and perSource items under a flood', () => {
    const windows = new SourceWindows<{ at: number }>(60_000, 5, 100);
    for (let i = 0; i < 10_000; i += 1) windows.add(`source-${i}`, { at: i });
    expect(windows.size).toBe(100);
    for (let i = 0; i < 1_000; i += 1) windows.add('one', { at: 10_000 + i });
    expect(windows.add('one', { at: 11_000 }).map((item) => item.at)).toEqual([
      10_996, 10_997, 10_998, 10_999, 11_000,
    ]);
  });

  it('SourceWindows drops stale sources as newer observations arrive', () => {
    const windows = new SourceWindows<{ at: number }>(1_000, 5, 100);
    windows.add('old', { at: 0 });
    windows.add('new', { at: 5_000 });
    expect(windows.size).toBe(1);
  });

  it('RepeatSuppressor lets one alert per kind and source through per quiet period, or a more severe one', () => {
    const suppressor = new RepeatSuppressor(100);
    const alert = (seenAt: number, severity: 'medium' | 'high', address = '127.40.0.1') =>
      suppressor.admit({ kind: 'port-scan', severity, source: { address }, seenAt, quietMs: 60_000 });
    expect([
      alert(0, 'medium'),
      alert(1_000, 'medium'),
      alert(2_000, 'high'),
      alert(3_000, 'medium'),
    ]).toEqual([true, false, true, false]);
    expect([alert(62_000, 'medium'), alert(62_000, 'medium', '127.40.0.2')]).toEqual([true, true]);
  });

  it('reads the address out of the source forms the servers report', () => {
    expect(addressOfSource('127.40.0.5:51234')).toBe('127.40.0.5');
    expect(addressOfSource('::ffff:127.40.0.5:51234')).toBe('127.40.0.5');
    expect(addressOfSource('[::ffff:127.40.0.5]:51234')).toBe('127.40.0.5');
    expect(addressOfSource('::1')).toBe('::1');
    expect(addressOfSource('broker')).toBe('broker');
  });
});
