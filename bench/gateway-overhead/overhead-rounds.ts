/**
 * The rounds. Both fleets stay connected throughout, one straight to the pump server and one
 * through the gateway; each is warmed up, then every round measures both paths alike: a paced
 * window for latency, then a saturating window for throughput. The order alternates (direct first,
 * then gateway first), so a drift or a burst of other load over the run falls on both paths evenly.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FleetLoad } from '../shared/child-protocol.ts';
import type { DrivenFleet } from './driven-fleet.ts';
import { measureWindow, type WindowSample } from './load-window.ts';
import type { OverheadOptions } from './options.ts';

export type PathName = 'direct' | 'gateway';

export interface PathWindows {
  paced: WindowSample;
  saturated: WindowSample;
}

export type Round = Record<PathName, PathWindows>;

export interface RoundsSetup {
  fleets: Record<PathName, DrivenFleet>;
  storeFile: string;
  serverPid: number;
  gatewayPid: number;
  /** Told before each window, for progress lines. */
  onWindow?: (round: number, path: PathName, kind: keyof PathWindows) => void;
}

/** Warms both fleets up, then runs `options.rounds` rounds. */
export async function runRounds(setup: RoundsSetup, options: OverheadOptions): Promise<Round[]> {
  const saturating: FleetLoad = { kind: 'saturating', inFlight: options.pumps * options.inFlightPerPump };
  const paced: FleetLoad = { kind: 'paced', perSecond: options.pacedPerSecond };
  for (const fleet of Object.values(setup.fleets)) {
    await fleet.load(saturating);
    await sleep(options.warmupSeconds * 1000);
    await fleet.settle(0, 0);
  }
  const measurePath = async (round: number, path: PathName): Promise<PathWindows> => {
    const other = path === 'direct' ? 'gateway' : 'direct';
    const processes = {
      server: setup.serverPid,
      gateway: setup.gatewayPid,
      idleFleet: setup.fleets[other].pid,
    };
    const measure = (load: FleetLoad, kind: keyof PathWindows): Promise<WindowSample> => {
      setup.onWindow?.(round, path, kind);
      return measureWindow(setup.fleets[path], load, options.seconds, setup.storeFile, processes);
    };
    return { paced: await measure(paced, 'paced'), saturated: await measure(saturating, 'saturated') };
  };
  const rounds: Round[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    if (round % 2 === 1) {
      const direct = await measurePath(round, 'direct');
      rounds.push({ direct, gateway: await measurePath(round, 'gateway') });
    } else {
      const gateway = await measurePath(round, 'gateway');
      rounds.push({ direct: await measurePath(round, 'direct'), gateway });
    }
  }
  return rounds;
}
