/**
 * An MQTT.js subscriber on every pump's status and events, over mutual TLS with the lab's
 * `biomed-ws` client certificate: it stands for the pump server behind a plain broker, and measures
 * publish-to-delivered latency (`sentAt` against its receive time) the way the store does for the lab.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { everyPump } from '../../simulators/contract/topics.ts';
import { summarise, type LatencySummary } from '../shared/latency.ts';

export class LatencySubscriber {
  /** [sentAt, receivedAt] of every message. */
  private readonly received: Array<[number, number]> = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (_topic, payload, packet) => {
      if (packet.retain) return;
      const sentAt = sentAtOf(payload);
      if (sentAt !== undefined) this.received.push([sentAt, Date.now()]);
    });
  }

  static async connect(stateDir: string, brokerUrl: string): Promise<LatencySubscriber> {
    const { key, cert, ca } = loadTlsMaterial(stateDir, 'biomed-ws');
    const client = await mqtt.connectAsync(brokerUrl, {
      key,
      cert,
      ca,
      clientId: 'bench-subscriber',
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
    });
    await client.subscribeAsync([everyPump('status'), everyPump('events')], { qos: 1 });
    return new LatencySubscriber(client);
  }

  /** Messages sent in `[from, to)` (epoch ms) and how long each took to arrive. */
  window(from: number, to: number): LatencySummary {
    const latencies: number[] = [];
    for (const [sentAt, receivedAt] of this.received) {
      if (sentAt >= from && sentAt < to) latencies.push(receivedAt - sentAt);
    }
    return summarise(latencies);
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

function sentAtOf(payload: Buffer): number | undefined {
  try {
    const body: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof body !== 'object' || body === null || !('sentAt' in body)) return undefined;
    const time = typeof body.sentAt === 'string' ? Date.parse(body.sentAt) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  } catch {
    return undefined;
  }
}
