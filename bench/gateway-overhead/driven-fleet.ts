/**
 * The parent's handle on a driven fleet (fleet-child.ts in its own process): start it, set the
 * load it offers, and wait until every report it sent has been acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchChild } from '../shared/bench-child.ts';
import type { FleetLoad, FleetTotals } from '../shared/child-protocol.ts';
import type { LatencySummary } from '../shared/latency.ts';
import type { DrivenFleetConfig } from './fleet-child.ts';

const deadlines = {
  connectBase: 30_000, // ms, plus connectPerPump for each pump: 50 handshakes a second at worst
  connectPerPump: 20, // ms
  settle: 60_000, // ms for every report to be acknowledged once the load stops
  request: 30_000, // ms for the child to answer
};

export class DrivenFleet {
  private constructor(
    private readonly child: BenchChild,
    /** Real ms from `start` until every pump was connected. */
    readonly connectMs: number,
  ) {}

  /** Starts the child and waits until every pump is connected. */
  static async start(config: Omit<DrivenFleetConfig, 'connectDeadlineMs'>): Promise<DrivenFleet> {
    const connectDeadlineMs = deadlines.connectBase + config.count * deadlines.connectPerPump;
    const child = BenchChild.spawn(
      new URL('./fleet-child.ts', import.meta.url),
      { ...config, connectDeadlineMs } satisfies DrivenFleetConfig,
      { files: config.count },
    );
    try {
      await child.next('ready', 60_000);
      const connected = await child.request({ type: 'start' }, 'connected', connectDeadlineMs + 60_000);
      return new DrivenFleet(child, connected.connectMs);
    } catch (error) {
      await child.stop(5_000);
      throw error;
    }
  }

  get pid(): number {
    return this.child.pid;
  }

  /** Replaces the load the fleet offers. */
  async load(load: FleetLoad): Promise<void> {
    await this.child.request({ type: 'load', load }, 'load', deadlines.request);
  }

  /**
   * Stops the load and waits until nothing is in flight or waiting in any pump's link: the server
   * stores each report before its PUBACK, so then the store holds all it will of the window.
   * Resolves with the reports emitted with `sentAt` in `[from, to)`, the link totals, and the
   * probe's round trips of its reports in the window.
   */
  async settle(
    from: number,
    to: number,
  ): Promise<{ emitted: number; totals: FleetTotals; roundTrip?: LatencySummary | undefined }> {
    await this.load({ kind: 'idle' });
    const deadline = Date.now() + deadlines.settle;
    for (;;) {
      const stats = await this.child.request({ type: 'stats', from, to }, 'stats', deadlines.request);
      const { published, acknowledged, buffered } = stats.totals;
      const waiting = published - acknowledged + buffered;
      if (waiting === 0) return stats;
      if (Date.now() > deadline) throw new Error(`${waiting} reports were never acknowledged`);
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    await this.child.stop();
  }
}
