import { describe, expect, it } from 'vitest';
import type { WindowSample } from '../../../bench/gateway-overhead/load-window.ts';
import { overhead, summarisePath } from '../../../bench/gateway-overhead/overhead.ts';
import type { Round } from '../../../bench/gateway-overhead/overhead-rounds.ts';

/** A 10 s window storing `perSecond` reports with this p50 and p99 (ms), and these CPU shares. */
function window(
  perSecond: number,
  [p50, p99]: [number, number] = [Number.NaN, Number.NaN],
  cpu: Partial<WindowSample['cpu']> = {},
): WindowSample {
  return {
    seconds: 10,
    emitted: perSecond * 10,
    stored: perSecond * 10,
    storedPerSecond: perSecond,
    latency: { count: perSecond * 10, p50, p99, max: p99 + 5 },
    roundTrip: { count: 100, p50: p50 / 2, p99: p99 / 2, max: p99 },
    cpu: { fleet: 0.5, server: 1, gateway: 0, others: 0, ...cpu },
    dropped: 0,
  };
}

/** A round: saturated throughput of each path, and the paced p99 of each (p50 1 and 2 ms). */
function round(direct: number, gateway: number, [directP99, gatewayP99] = [10, 11]): Round {
  return {
    direct: { paced: window(100, [1, directP99]), saturated: window(direct) },
    gateway: {
      paced: window(100, [2, gatewayP99]),
      saturated: window(gateway, undefined, { gateway: 0.25 }),
    },
  };
}

describe('the gateway’s overhead', () => {
  it('takes the median of the rounds’ throughput shares', () => {
    const cost = overhead([round(1000, 900), round(1000, 500), round(1000, 850)]);
    expect(cost.shares).toEqual([0.9, 0.5, 0.85]);
    expect(cost.throughputShare).toBe(0.85);
    expect(cost.throughputHeld).toBe(true);
    expect(overhead([round(1000, 790)]).throughputHeld).toBe(false);
  });

  it('takes the median of the rounds’ added latency, so one disturbed window moves nothing', () => {
    const cost = overhead([
      round(1000, 1000, [10, 11]),
      round(1000, 1000, [400, 12]),
      round(1000, 1000, [9, 12]),
    ]);
    expect(cost.addedP99s).toEqual([1, -388, 3]);
    expect(cost.addedP99Ms).toBe(1);
    expect(cost.addedP50Ms).toBe(1);
    expect(cost.addedRoundTripP99s).toEqual([0.5, -194, 1.5]);
    expect(cost.addedRoundTripP99Ms).toBe(0.5);
    expect(cost.roundTripHeld).toBe(true);
    expect(cost.latencyHeld).toBe(true);
    expect(overhead([round(1000, 1000, [10, 12])]).latencyHeld).toBe(false);
  });

  it('estimates the share a CPU-bound machine would carry from CPU per report', () => {
    // Direct: (0.5 + 1) core-s over 10,000 reports = 150 µs; the gateway path adds 0.25 over 10,000.
    const cost = overhead([round(1000, 1000)]);
    expect(cost.cpuBoundShare).toBeCloseTo(150 / 175, 6);
  });

  it('never counts an empty window as a target held', () => {
    const empty = round(0, 0);
    empty.direct.paced = window(0);
    const cost = overhead([empty]);
    expect(cost.throughputHeld).toBe(false);
    expect(cost.latencyHeld).toBe(false);
    expect(cost.roundTripHeld).toBe(false);
  });

  it('sums the paced counts, keeps the largest max and drop count', () => {
    const dropping = round(1000, 900, [10, 30]);
    dropping.gateway.saturated.dropped = 3;
    const gateway = summarisePath('gateway', [round(1000, 900), dropping, round(1000, 900)]);
    expect(gateway.paced).toMatchObject({
      stored: 3000,
      emitted: 3000,
      latency: { p50: 2, p99: 11, max: 35 },
    });
    expect(gateway.dropped).toBe(3);
    // A quarter of a core for 10 s over 9,000 reports.
    expect(gateway.gatewayMicrosPerReport).toBeCloseTo((0.25 * 10 * 1e6) / 9000, 6);
  });
});
