/**
 * One more pump on a path, timing its status reports from PUBLISH to PUBACK on one clock
 * (`performance.now()`, finer than the store's millisecond stamps). The server stores a report
 * before its PUBACK, so the round trip is pump → (gateway) → broker → store → PUBACK → (gateway) →
 * pump: through the gateway it crosses it twice. One report at a time, `perSecond` a second, and
 * only while started: it is a probe, not load.
 */
import tls from 'node:tls';
import { MqttClient } from 'mqtt';
import type { LabClock } from '../../core/clock.ts';
import { seededRandom } from '../../core/random.ts';
import { loadDeviceCredentials } from '../../simulators/fleet/device-credentials.ts';
import { planFleet } from '../../simulators/fleet/fleet-plan.ts';
import { channels, pumpTopic } from '../../simulators/contract/topics.ts';
import { brokerSocketBuilder } from '../../simulators/pump/network/broker-socket.ts';
import { Pump } from '../../simulators/pump/pump.ts';
import { summarise, type LatencySummary } from '../shared/latency.ts';
import { pumpAddress } from './pump-addresses.ts';

export interface ProbeOptions {
  stateDir: string;
  brokerUrl: string;
  servername: string;
  /** The probe pump's index (its serial and identity): one past its fleet's pumps. */
  index: number;
  clock: LabClock;
  /** Told the `sentAt` of each report, so the fleet counts it as emitted. */
  onSent: (sentAt: number) => void;
}

export class RoundTripProbe {
  /** [sentAt (epoch ms), round trip (ms)] of each acknowledged report. */
  private readonly samples: Array<[number, number]> = [];
  private timer: NodeJS.Timeout | undefined;
  private waiting = false;

  private constructor(
    private readonly client: MqttClient,
    private readonly pump: Pump,
    private readonly onSent: (sentAt: number) => void,
  ) {}

  /** Connects the probe pump with its device certificate, from its own pump-network address. */
  static async connect(options: ProbeOptions): Promise<RoundTripProbe> {
    const [planned] = planFleet({ count: 1, firstIndex: options.index, random: seededRandom('bench-probe') });
    if (!planned) throw new Error('no probe pump planned');
    const credentials = loadDeviceCredentials(options.stateDir, [planned.identityName]).get(
      planned.identityName,
    );
    const pump = new Pump({
      ...planned,
      clock: options.clock,
      random: seededRandom(`bench-probe:${planned.serial}`),
      verifySignature: () => {
        throw new Error('the probe pump installs nothing');
      },
    });
    const openSocket = brokerSocketBuilder({
      brokerUrl: options.brokerUrl,
      ...(credentials ? { secureContext: tls.createSecureContext(credentials) } : {}),
      servername: options.servername,
      localAddress: pumpAddress(planned.serial),
    });
    const client = new MqttClient(openSocket, {
      clientId: planned.serial,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error(`probe ${planned.serial} could not connect`)));
    });
    // A later failure shows as reports missing from the window, not as a crash of the fleet.
    client.on('error', () => undefined);
    return new RoundTripProbe(client, pump, options.onSent);
  }

  /** Sends a report every `1000 / perSecond` ms, skipping a turn while the last awaits its PUBACK. */
  start(perSecond: number): void {
    this.stop();
    this.timer = setInterval(() => this.send(), 1000 / perSecond);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Round trips of the reports sent in `[from, to)` (epoch ms). */
  window(from: number, to: number): LatencySummary {
    return summarise(this.samples.filter(([sentAt]) => sentAt >= from && sentAt < to).map(([, rtt]) => rtt));
  }

  async close(): Promise<void> {
    this.stop();
    await this.client.endAsync();
    await this.pump.close();
  }

  private send(): void {
    if (this.waiting || !this.client.connected) return;
    const status = this.pump.status();
    const sentAt = Date.parse(status.sentAt);
    const topic = pumpTopic(status.serial, 'status');
    this.waiting = true;
    this.onSent(sentAt);
    const started = performance.now();
    this.client.publish(
      topic,
      JSON.stringify(status),
      { qos: 1, retain: channels.status.retain },
      (error) => {
        this.waiting = false;
        if (!error) this.samples.push([sentAt, performance.now() - started]);
      },
    );
  }
}
