/**
 * One step against the lab's pump server: N pumps connect over mutual TLS, report for the window
 * with every message stored before its PUBACK, then the server is killed (-9) and a stand-by
 * replacement takes its port: the connect storm lasts until every pump is connected again.
 */
import path from 'node:path';
import { BenchChild } from '../shared/bench-child.ts';
import { awaitDelivery, startFleet, type ScaleSettings } from './fleet-phases.ts';
import { steadyWindow } from '../shared/steady-window.ts';
import { storedCount, storedLatency, type LatencySummary } from '../shared/latency.ts';
import { cpuSecondsBetween, sampleProc } from '../shared/proc-stats.ts';
import type { ServerChildConfig } from '../shared/server-child.ts';

export interface LabServerResult {
  pumps: number;
  connectMs: number;
  emitted: number;
  stored: number;
  storedPerSecond: number;
  latency: LatencySummary;
  serverCpu: number;
  fleetCpu: number;
  fleetRssPerPump: number;
  fleetHeapPerPump: number;
  serverRssPerConnection: number;
  serverHeapPerConnection: number;
  /** From the kill to every pump connected again, and from the replacement listening. */
  stormMs: number;
  stormAfterListenMs: number;
  /** Pumps back when the storm's deadline passed (all of them unless it timed out). */
  stormReconnected: number;
  /** CPU seconds spent by the server and the fleet connecting N pumps, and in the storm. */
  connectCpu: { server: number; fleet: number };
  stormCpu: { server: number; fleet: number };
  dropped: number;
  securityEvents: number;
}

const stormDeadlineMs = (pumps: number): number => 60_000 + pumps * 20;

function startServer(settings: ScaleSettings, config: ServerChildConfig): BenchChild {
  return BenchChild.spawn(new URL('../shared/server-child.ts', import.meta.url), config, {
    files: settings.pumps,
    nodeFlags: settings.nodeFlags,
  });
}

interface Storm {
  /** The server now serving (the replacement). */
  server: BenchChild;
  stormMs: number;
  stormAfterListenMs: number;
  stormReconnected: number;
  cpu: { server: number; fleet: number };
}

/**
 * Kills `server` with SIGKILL while a replacement that has already loaded its modules stands by,
 * then starts the replacement on the same port (and the same store), and times the fleet's return.
 */
async function connectStorm(
  settings: ScaleSettings,
  config: ServerChildConfig,
  server: BenchChild,
  fleet: BenchChild,
): Promise<Storm> {
  const standby = startServer(settings, config);
  try {
    await standby.next('ready', 60_000);
    const serverBefore = sampleProc(standby.pid);
    const deadline = stormDeadlineMs(settings.pumps);
    const stormDone = fleet.next('storm', deadline + 30_000);
    await fleet.request({ type: 'storm', deadlineMs: deadline }, 'armed', 30_000);
    const fleetBefore = sampleProc(fleet.pid);
    const killedAt = Date.now();
    await server.crash();
    await standby.request({ type: 'start' }, 'listening', 30_000);
    const listeningAt = Date.now();
    const storm = await stormDone;
    const cpu = {
      server: cpuSecondsBetween(serverBefore, sampleProc(standby.pid)),
      fleet: cpuSecondsBetween(fleetBefore, sampleProc(fleet.pid)),
    };
    return {
      server: standby,
      cpu,
      stormMs: storm.upAt - killedAt,
      stormAfterListenMs: storm.upAt - listeningAt,
      stormReconnected: storm.connected,
    };
  } catch (error) {
    await standby.stop(5_000);
    throw error;
  }
}

/** Runs the step; `workDir` receives the event store. */
export async function labServerStep(settings: ScaleSettings, workDir: string): Promise<LabServerResult> {
  const storeFile = path.join(workDir, `events-${settings.pumps}.sqlite`);
  const config: ServerChildConfig = {
    stateDir: settings.stateDir,
    storeFile,
    port: 0,
  };
  let server = startServer(settings, config);
  let fleet: BenchChild | undefined;
  try {
    await server.next('ready', 60_000);
    const { port } = await server.request({ type: 'start' }, 'listening', 30_000);
    const idle = await server.request({ type: 'memory' }, 'memory', 10_000);
    const serverIdle = sampleProc(server.pid);
    const started = await startFleet(settings, `mqtts://127.0.0.1:${port}`);
    const serverConnectCpu = cpuSecondsBetween(serverIdle, sampleProc(server.pid));
    fleet = started.child;
    const loaded = await server.request({ type: 'memory' }, 'memory', 10_000);

    const window = await steadyWindow(settings.seconds, [server.pid, fleet.pid]);
    const delivery = await awaitDelivery(fleet, window, () => storedCount(storeFile, window.from, window.to));
    const latency = storedLatency(storeFile, window.from, window.to);
    const { securityEvents } = await server.request({ type: 'memory' }, 'memory', 10_000);
    const serverCpu = window.cpu.get(server.pid) ?? Number.NaN;

    const storm = await connectStorm(settings, { ...config, port }, server, fleet);
    server = storm.server;
    const perConnection = (key: 'rss' | 'heapUsed'): number =>
      (loaded.memory[key] - idle.memory[key]) / settings.pumps;
    return {
      pumps: settings.pumps,
      connectMs: started.connectMs,
      emitted: delivery.emitted,
      stored: delivery.arrived,
      storedPerSecond: delivery.arrived / ((window.to - window.from) / 1000),
      latency,
      serverCpu,
      fleetCpu: window.cpu.get(fleet.pid) ?? Number.NaN,
      fleetRssPerPump: started.rssPerPump,
      fleetHeapPerPump: started.heapPerPump,
      serverRssPerConnection: perConnection('rss'),
      serverHeapPerConnection: perConnection('heapUsed'),
      stormMs: storm.stormMs,
      stormAfterListenMs: storm.stormAfterListenMs,
      stormReconnected: storm.stormReconnected,
      connectCpu: { server: serverConnectCpu, fleet: started.connectCpuSeconds },
      stormCpu: storm.cpu,
      dropped: delivery.totals.dropped,
      securityEvents,
    };
  } finally {
    await fleet?.stop();
    await server.stop();
  }
}
