/**
 * The fleet in its own process: N pumps on the lab clock at real speed, each with its own device
 * certificate and MQTT session. Counts what the pumps emit by `sentAt` so the parent can compare
 * emitted with stored, and times how long every pump takes to be connected again after a crash.
 * Run by bench/fleet-scale.bench.ts with one JSON argument ({@link FleetChildConfig}).
 */
import { ScaledClock } from '../../core/clock.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { memoryNow, onParent, tellParent } from '../shared/child-protocol.ts';
import { waitUntil } from '../shared/wait-until.ts';

export interface FleetChildConfig {
  stateDir: string;
  brokerUrl: string;
  count: number;
  statusIntervalMs: number;
  /** Real milliseconds allowed for every pump to connect. */
  connectDeadlineMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as FleetChildConfig;
/** Speed 1: lab time is wall-clock time, so the server's `receivedAt` and our `sentAt` compare. */
const clock = new ScaledClock(1);
const sentAt: number[] = [];
let fleet: Fleet | undefined;

async function start(): Promise<void> {
  const started = Date.now();
  const running = await Fleet.start({
    stateDir: config.stateDir,
    brokerUrl: config.brokerUrl,
    count: config.count,
    seed: 'bench-fleet-scale',
    clock,
    statusIntervalMs: config.statusIntervalMs,
  });
  fleet = running;
  for (const serial of running.serials) {
    running.pump(serial)?.onMessage((message) => sentAt.push(Date.parse(message.payload.sentAt)));
  }
  const at = await waitUntil(() => running.stats().connected === config.count, config.connectDeadlineMs);
  if (at === undefined) {
    throw new Error(`${running.stats().connected} of ${config.count} pumps connected in time`);
  }
  tellParent({ type: 'connected', connectMs: at - started, at, memory: memoryNow() });
}

/**
 * The connect storm: once `armed` is sent the parent kills the server. A pump counts as
 * back when its link has reconnected since the snapshot and is connected now, so a link whose close
 * the event loop has not yet seen is never taken for one that came back.
 */
async function storm(deadlineMs: number): Promise<void> {
  const running = fleet;
  if (!running) throw new Error('the fleet is not started');
  const links = running.serials.map((serial) => running.link(serial)).filter((link) => link !== undefined);
  const before = links.map((link) => link.stats.reconnects);
  const back = (): number =>
    links.filter((link, i) => {
      const { connected, reconnects } = link.stats;
      return connected && reconnects > (before[i] ?? 0);
    }).length;
  tellParent({ type: 'armed' });
  const upAt = await waitUntil(() => back() === config.count, deadlineMs);
  tellParent({ type: 'storm', upAt: upAt ?? Date.now(), connected: back() });
}

onParent(async (message) => {
  if (message.type === 'start') await start();
  else if (message.type === 'storm') await storm(message.deadlineMs);
  else if (message.type === 'stats') {
    const emitted = sentAt.filter((time) => time >= message.from && time < message.to).length;
    const totals = fleet?.stats();
    if (!totals) throw new Error('the fleet is not started');
    tellParent({ type: 'stats', emitted, totals, memory: memoryNow() });
  } else if (message.type === 'close') {
    await fleet?.close();
    process.exit(0);
  }
});
tellParent({ type: 'ready', memory: memoryNow() });
