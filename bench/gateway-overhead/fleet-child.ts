/**
 * A driven fleet in its own process: N pumps with device certificates, each from its own address
 * in the pump network, whose status reports the parent paces or drives to saturation
 * (load-driver.ts), and one probe pump timing round trips while the load is paced
 * (round-trip-probe.ts). Counts what the pumps emit by `sentAt` and answers with the link totals,
 * so the parent can tell when every report has been acknowledged. Run by
 * bench/gateway-overhead.bench.ts with one JSON argument ({@link DrivenFleetConfig}).
 */
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { memoryNow, onParent, tellParent } from '../shared/child-protocol.ts';
import { waitUntil } from '../shared/wait-until.ts';
import { DrivenClock } from './driven-clock.ts';
import { LoadDriver } from './load-driver.ts';
import { pumpAddress } from './pump-addresses.ts';
import { RoundTripProbe } from './round-trip-probe.ts';

export interface DrivenFleetConfig {
  stateDir: string;
  brokerUrl: string;
  /** The name on the broker's certificate: the URL's host is a zone address it does not list. */
  servername: string;
  count: number;
  /** The first pump's index (1 is PL00001): the two paths' fleets are different pumps. */
  firstIndex: number;
  /** Real milliseconds allowed for every pump to connect. */
  connectDeadlineMs: number;
  /** The probe pump's index, past every fleet's pumps. */
  probeIndex: number;
}

/** Probe reports a second while the load is paced: a sample every 10 ms, ~10% of a 1,000/s load. */
const probePerSecond = 100;

const config = JSON.parse(process.argv[2] ?? '{}') as DrivenFleetConfig;
const clock = new DrivenClock();
const sentAt: number[] = [];
let fleet: Fleet | undefined;
let driver: LoadDriver | undefined;
let probe: RoundTripProbe | undefined;

async function start(): Promise<void> {
  const started = Date.now();
  const running = await Fleet.start({
    stateDir: config.stateDir,
    brokerUrl: config.brokerUrl,
    servername: config.servername,
    count: config.count,
    firstIndex: config.firstIndex,
    seed: 'bench-gateway-overhead',
    clock,
    pumpAddress: (planned) => pumpAddress(planned.serial),
  });
  fleet = running;
  for (const serial of running.serials) {
    running.pump(serial)?.onMessage((message) => sentAt.push(Date.parse(message.payload.sentAt)));
  }
  // Emitted and not yet acknowledged: in flight, or waiting in the link for room.
  driver = new LoadDriver(clock, () => {
    const { published, acknowledged, buffered } = running.stats();
    return published - acknowledged + buffered;
  });
  const at = await waitUntil(() => running.stats().connected === config.count, config.connectDeadlineMs);
  if (at === undefined) {
    throw new Error(`${running.stats().connected} of ${config.count} pumps connected in time`);
  }
  probe = await RoundTripProbe.connect({
    stateDir: config.stateDir,
    brokerUrl: config.brokerUrl,
    servername: config.servername,
    index: config.probeIndex,
    clock,
    onSent: (time) => sentAt.push(time),
  });
  tellParent({ type: 'connected', connectMs: at - started, at, memory: memoryNow() });
}

onParent(async (message) => {
  if (message.type === 'start') await start();
  else if (message.type === 'load') {
    if (!driver) throw new Error('the fleet is not started');
    driver.apply(message.load);
    if (message.load.kind === 'paced') probe?.start(probePerSecond);
    else probe?.stop();
    tellParent({ type: 'load', load: message.load });
  } else if (message.type === 'stats') {
    const emitted = sentAt.filter((time) => time >= message.from && time < message.to).length;
    const totals = fleet?.stats();
    if (!totals) throw new Error('the fleet is not started');
    // Only a window the probe ran in has figures: an empty one's NaN does not survive JSON.
    const roundTrip = probe?.window(message.from, message.to);
    const probed = roundTrip && roundTrip.count > 0 ? { roundTrip } : {};
    tellParent({ type: 'stats', emitted, totals, memory: memoryNow(), ...probed });
  } else if (message.type === 'close') {
    driver?.stop();
    await probe?.close();
    await fleet?.close();
    process.exit(0);
  }
});
tellParent({ type: 'ready', memory: memoryNow() });
