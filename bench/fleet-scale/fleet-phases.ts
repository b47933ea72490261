/**
 * The phases every broker gets: the fleet connecting, a steady window of status reports, and the
 * wait until what the pumps sent in the window has arrived. Each phase has a deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchChild } from '../shared/bench-child.ts';
import type { FleetChildConfig } from './fleet-child.ts';
import { cpuSecondsBetween, sampleProc } from '../shared/proc-stats.ts';
import type { FleetTotals } from '../shared/child-protocol.ts';
import type { Window } from '../shared/steady-window.ts';

export interface ScaleSettings {
  /** The cached lab state directory holding the PKI. */
  stateDir: string;
  pumps: number;
  /** Length of the steady window, seconds. */
  seconds: number;
  /** Each pump's status period, real milliseconds (the lab clock runs at speed 1). */
  statusIntervalMs: number;
  /** Extra Node flags for the children (`--cpu-prof`). */
  nodeFlags: readonly string[];
}

/** Real milliseconds allowed for N pumps to connect: generous, at 50 handshakes a second at worst. */
export const connectDeadlineMs = (pumps: number): number => 30_000 + pumps * 20;

export interface StartedFleet {
  child: BenchChild;
  connectMs: number;
  /** Bytes of RSS and of heap the fleet process grew by, per pump, once every pump is connected. */
  rssPerPump: number;
  heapPerPump: number;
  /** CPU seconds the fleet process spent connecting (after its modules loaded). */
  connectCpuSeconds: number;
}

/** Starts the fleet child against `brokerUrl` and waits until every pump is connected. */
export async function startFleet(settings: ScaleSettings, brokerUrl: string): Promise<StartedFleet> {
  const config: FleetChildConfig = {
    stateDir: settings.stateDir,
    brokerUrl,
    count: settings.pumps,
    statusIntervalMs: settings.statusIntervalMs,
    connectDeadlineMs: connectDeadlineMs(settings.pumps),
  };
  const child = BenchChild.spawn(new URL('./fleet-child.ts', import.meta.url), config, {
    files: settings.pumps,
    nodeFlags: settings.nodeFlags,
  });
  try {
    const ready = await child.next('ready', 60_000);
    const before = sampleProc(child.pid);
    const connected = await child.request({ type: 'start' }, 'connected', config.connectDeadlineMs + 60_000);
    return {
      child,
      connectMs: connected.connectMs,
      rssPerPump: (connected.memory.rss - ready.memory.rss) / settings.pumps,
      heapPerPump: (connected.memory.heapUsed - ready.memory.heapUsed) / settings.pumps,
      connectCpuSeconds: cpuSecondsBetween(before, sampleProc(child.pid)),
    };
  } catch (error) {
    await child.stop(5_000);
    throw error;
  }
}

export interface Delivery {
  /** Messages the pumps emitted with `sentAt` in the window. */
  emitted: number;
  /** Of those, how many reached the sink (the store, or the subscriber). */
  arrived: number;
  totals: FleetTotals;
}

/** Waits (up to `deadlineMs`) until everything emitted in the window has arrived at the sink. */
export async function awaitDelivery(
  fleet: BenchChild,
  window: Window,
  arrived: () => number,
  deadlineMs = 20_000,
): Promise<Delivery> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const stats = await fleet.request({ type: 'stats', from: window.from, to: window.to }, 'stats', 30_000);
    const count = arrived();
    if (count >= stats.emitted || Date.now() > deadline) {
      return { emitted: stats.emitted, arrived: count, totals: stats.totals };
    }
    await sleep(500);
  }
}
