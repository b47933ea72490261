import { describe, expect, it } from 'vitest';
import { median, quantile, summarise } from '../../../bench/shared/latency.ts';

describe('the benchmarks’ latency summary', () => {
  it('takes quantiles by nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.5)).toBe(50);
    expect(quantile(hundred, 0.99)).toBe(99);
    expect(quantile(hundred, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('sorts numerically, not as text', () => {
    expect(summarise([10, 9, 100, 2])).toEqual({ count: 4, p50: 9, p99: 100, max: 100 });
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
