/**
 * One measured window: a fleet offers a load for a few seconds while the CPU of every process is
 * watched; then the load stops, every report is acknowledged, and the store is read for what the
 * pumps sent in the window.
 */
import type { FleetLoad } from '../shared/child-protocol.ts';
import { storedLatency, summarise, type LatencySummary } from '../shared/latency.ts';
import { steadyWindow } from '../shared/steady-window.ts';
import type { DrivenFleet } from './driven-fleet.ts';

/** The benchmark's other processes: their CPU is watched in every window. */
export interface Processes {
  server: number;
  gateway: number;
  /** The other path's fleet, connected and idle. */
  idleFleet: number;
}

/** Share of a core each process used (1 = one core busy). */
export interface CpuShares {
  /** The fleet offering the load. */
  fleet: number;
  server: number;
  gateway: number;
  /** The rest of the machine (the idle fleet, this process, anything else): a busy machine skews a run. */
  others: number;
}

export interface WindowSample {
  seconds: number;
  /** Reports the pumps emitted with `sentAt` in the window, and of those, how many were stored. */
  emitted: number;
  stored: number;
  storedPerSecond: number;
  /** Pump `sentAt` to the store's `receivedAt` of the stored reports, ms, same machine clock. */
  latency: LatencySummary;
  /** The probe's PUBLISH-to-PUBACK round trips, ms, sub-millisecond (NaN figures when it did not run). */
  roundTrip: LatencySummary;
  cpu: CpuShares;
  /** Reports the pumps' outboxes dropped so far (a link waiting too long): 0 in a sound run. */
  dropped: number;
}

/** Runs `load` on `fleet` for `seconds` and reads the outcome from `storeFile`. */
export async function measureWindow(
  fleet: DrivenFleet,
  load: FleetLoad,
  seconds: number,
  storeFile: string,
  processes: Processes,
): Promise<WindowSample> {
  await fleet.load(load);
  const pids = [fleet.pid, processes.server, processes.gateway, processes.idleFleet];
  const window = await steadyWindow(seconds, pids);
  const { emitted, totals, roundTrip } = await fleet.settle(window.from, window.to);
  const latency = storedLatency(storeFile, window.from, window.to);
  const share = (pid: number): number => window.cpu.get(pid) ?? Number.NaN;
  const ours = share(fleet.pid) + share(processes.server) + share(processes.gateway);
  const elapsed = (window.to - window.from) / 1000;
  return {
    seconds: elapsed,
    emitted,
    stored: latency.count,
    storedPerSecond: latency.count / elapsed,
    latency,
    roundTrip: roundTrip ?? summarise([]),
    cpu: {
      fleet: share(fleet.pid),
      server: share(processes.server),
      gateway: share(processes.gateway),
      others: Math.max(0, window.machineCores - ours),
    },
    dropped: totals.dropped,
  };
}
