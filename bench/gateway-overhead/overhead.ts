/**
 * The gateway's cost from the rounds. Every figure is taken round by round and then the median over
 * the rounds, so one window hit by something else (a burst of other load, a store checkpoint)
 * moves no result: throughput through the gateway over direct, and latency through it minus direct.
 */
import { median, type LatencySummary } from '../shared/latency.ts';
import type { CpuShares, WindowSample } from './load-window.ts';
import { targetAddedP99Ms, targetThroughputShare } from './options.ts';
import type { PathName, Round } from './overhead-rounds.ts';

export interface PathSummary {
  path: PathName;
  /** Reports stored per second under the saturating load. */
  saturatedPerSecond: number;
  /** CPU in the saturating windows, and per stored report (µs). */
  cpu: CpuShares;
  fleetMicrosPerReport: number;
  serverMicrosPerReport: number;
  gatewayMicrosPerReport: number;
  /**
   * The paced windows: counts summed, p50 and p99 the medians of the rounds', max the largest, and
   * the median share of a core the rest of the machine used meanwhile.
   */
  paced: {
    stored: number;
    emitted: number;
    latency: LatencySummary;
    roundTrip: LatencySummary;
    others: number;
  };
  /** Reports the pumps' outboxes dropped (should be 0). */
  dropped: number;
}

/** CPU microseconds a process spent per stored report in a window (`share` of a core). */
export function micros(window: WindowSample, share: number): number {
  return window.stored === 0 ? Number.NaN : ((share * window.seconds) / window.stored) * 1e6;
}

/** One path over the rounds: medians, except counts (summed) and the latency max and drops (largest). */
export function summarisePath(path: PathName, rounds: readonly Round[]): PathSummary {
  const saturated = rounds.map((round) => round[path].saturated);
  const paced = rounds.map((round) => round[path].paced);
  const medianOf = (windows: WindowSample[], value: (window: WindowSample) => number): number =>
    median(windows.map(value));
  const busy = (value: (window: WindowSample) => number): number => medianOf(saturated, value);
  return {
    path,
    saturatedPerSecond: busy((w) => w.storedPerSecond),
    cpu: {
      fleet: busy((w) => w.cpu.fleet),
      server: busy((w) => w.cpu.server),
      gateway: busy((w) => w.cpu.gateway),
      others: busy((w) => w.cpu.others),
    },
    fleetMicrosPerReport: busy((w) => micros(w, w.cpu.fleet)),
    serverMicrosPerReport: busy((w) => micros(w, w.cpu.server)),
    gatewayMicrosPerReport: busy((w) => micros(w, w.cpu.gateway)),
    paced: {
      stored: paced.reduce((sum, w) => sum + w.stored, 0),
      emitted: paced.reduce((sum, w) => sum + w.emitted, 0),
      latency: {
        count: paced.reduce((sum, w) => sum + w.latency.count, 0),
        p50: medianOf(paced, (w) => w.latency.p50),
        p99: medianOf(paced, (w) => w.latency.p99),
        max: Math.max(...paced.map((w) => w.latency.max)),
      },
      roundTrip: {
        count: paced.reduce((sum, w) => sum + w.roundTrip.count, 0),
        p50: medianOf(paced, (w) => w.roundTrip.p50),
        p99: medianOf(paced, (w) => w.roundTrip.p99),
        max: Math.max(...paced.map((w) => w.roundTrip.max)),
      },
      others: medianOf(paced, (w) => w.cpu.others),
    },
    dropped: Math.max(0, ...[...saturated, ...paced].map((w) => w.dropped)),
  };
}

export interface Overhead {
  /** Saturated throughput through the gateway over direct, round by round, and their median. */
  shares: number[];
  throughputShare: number;
  /**
   * CPU µs per report of the processes on the path (fleet, server, and the gateway on its own),
   * direct over through the gateway: the share the gateway path would carry if every core were
   * busy, whatever else runs beside the benchmark.
   */
  cpuBoundShare: number;
  /** Paced-load p99 through the gateway minus direct, round by round (ms), and their median. */
  addedP99s: number[];
  addedP99Ms: number;
  /** The same for p50, median of the rounds. */
  addedP50Ms: number;
  /** The probe's round trip p99 through the gateway minus direct (it crosses the gateway twice), ms. */
  addedRoundTripP99s: number[];
  addedRoundTripP99Ms: number;
  /** At least 80% of direct throughput. */
  throughputHeld: boolean;
  /** Under 2 ms added to the fleet's p99 (sentAt to stored). */
  latencyHeld: boolean;
  /** Under 2 ms added to the probe's round trip p99 too (the gateway crossed twice, held to the same 2 ms). */
  roundTripHeld: boolean;
}

/** Compares the paths; NaN figures (an empty window) never count as a target held. */
export function overhead(rounds: readonly Round[]): Overhead {
  const shares = rounds.map((r) => r.gateway.saturated.storedPerSecond / r.direct.saturated.storedPerSecond);
  const addedP99s = rounds.map((r) => r.gateway.paced.latency.p99 - r.direct.paced.latency.p99);
  const addedP50s = rounds.map((r) => r.gateway.paced.latency.p50 - r.direct.paced.latency.p50);
  const addedRoundTripP99s = rounds.map((r) => r.gateway.paced.roundTrip.p99 - r.direct.paced.roundTrip.p99);
  const direct = summarisePath('direct', rounds);
  const gateway = summarisePath('gateway', rounds);
  const onPath = (path: PathSummary, viaGateway: boolean): number =>
    path.fleetMicrosPerReport + path.serverMicrosPerReport + (viaGateway ? path.gatewayMicrosPerReport : 0);
  const throughputShare = median(shares);
  const addedP99Ms = median(addedP99s);
  return {
    shares,
    throughputShare,
    cpuBoundShare: onPath(direct, false) / onPath(gateway, true),
    addedP99s,
    addedP99Ms,
    addedP50Ms: median(addedP50s),
    addedRoundTripP99s,
    addedRoundTripP99Ms: median(addedRoundTripP99s),
    throughputHeld: throughputShare >= targetThroughputShare,
    latencyHeld: addedP99Ms < targetAddedP99Ms,
    roundTripHeld: median(addedRoundTripP99s) < targetAddedP99Ms,
  };
}
