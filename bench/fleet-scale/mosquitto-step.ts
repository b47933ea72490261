/**
 * The same fleet, the same load, against Mosquitto with mutual TLS: what a plain broker delivers to
 * one subscriber, next to what the lab server stores. Mosquitto only routes; the lab server also
 * validates each payload and commits it to SQLite before its PUBACK.
 */
import path from 'node:path';
import type { BenchChild } from '../shared/bench-child.ts';
import { awaitDelivery, startFleet, type ScaleSettings } from './fleet-phases.ts';
import { steadyWindow } from '../shared/steady-window.ts';
import { LatencySubscriber } from './latency-subscriber.ts';
import type { LatencySummary } from '../shared/latency.ts';
import { MosquittoBroker } from './mosquitto-broker.ts';
import { sampleProc } from '../shared/proc-stats.ts';

export interface MosquittoResult {
  pumps: number;
  connectMs: number;
  emitted: number;
  delivered: number;
  deliveredPerSecond: number;
  latency: LatencySummary;
  brokerCpu: number;
  fleetCpu: number;
  brokerRssPerConnection: number;
}

/** Runs the step; `workDir` receives the broker's configuration and certificates. */
export async function mosquittoStep(settings: ScaleSettings, workDir: string): Promise<MosquittoResult> {
  const broker = await MosquittoBroker.start(
    settings.stateDir,
    path.join(workDir, 'mosquitto'),
    settings.pumps,
  );
  let subscriber: LatencySubscriber | undefined;
  let fleet: BenchChild | undefined;
  try {
    const url = `mqtts://127.0.0.1:${broker.port}`;
    subscriber = await LatencySubscriber.connect(settings.stateDir, url);
    const idle = sampleProc(broker.pid);
    const started = await startFleet(settings, url);
    fleet = started.child;
    const loaded = sampleProc(broker.pid);
    const window = await steadyWindow(settings.seconds, [broker.pid, fleet.pid]);
    const sink = subscriber;
    const delivery = await awaitDelivery(fleet, window, () => sink.window(window.from, window.to).count);
    const latency = sink.window(window.from, window.to);
    return {
      pumps: settings.pumps,
      connectMs: started.connectMs,
      emitted: delivery.emitted,
      delivered: latency.count,
      deliveredPerSecond: latency.count / ((window.to - window.from) / 1000),
      latency,
      brokerCpu: window.cpu.get(broker.pid) ?? Number.NaN,
      fleetCpu: window.cpu.get(fleet.pid) ?? Number.NaN,
      brokerRssPerConnection: idle && loaded ? (loaded.rss - idle.rss) / settings.pumps : Number.NaN,
    };
  } finally {
    await fleet?.stop();
    await subscriber?.close();
    await broker.close();
  }
}
