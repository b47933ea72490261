import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../core/clock.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { loadDeviceCredentials } from '../../simulators/fleet/device-credentials.ts';
import type { MqttLink } from '../../simulators/pump/network/mqtt-link.ts';
import type { Pump } from '../../simulators/pump/pump.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { lonePump } from '../helpers/lone-pump.ts';
import { envelopeKey, PumpMessageLog } from '../helpers/pump-message-log.ts';
import { allStoredMessages } from '../helpers/stored-messages.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

const serial = 'PL00001';
const capacity = 5;
/** Battery alarms raised and cleared while the broker is gone: more events than the outbox holds. */
const offlineEvents = 12;

/**
 * A pump with a five-message outbox loses its broker and keeps reporting: the outbox keeps the
 * newest five events, drops the oldest and counts them, and on reconnect the pump reports the loss
 * with a `buffer-overflow` event that reaches the server's store.
 */
describe('store-and-forward with a small outbox across a broker outage', () => {
  const stateDir = tempDir('pumplab-buffer-');
  const clock = new ScaledClock(1);
  const log = new PumpMessageLog();
  const servers: PumpServer[] = [];
  let port = 0;
  let pump: Pump;
  let link: MqttLink;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: 1 });
    const server = new PumpServer({ stateDir, clock });
    servers.push(server);
    port = (await server.start({ host: '127.0.0.1', mqttPort: 0 })).mqtt.port;
    const tls = loadDeviceCredentials(stateDir, [`pump-${serial}`]).get(`pump-${serial}`);
    if (!tls) throw new Error('no device credentials');
    ({ pump, link } = lonePump({
      serial,
      clock,
      brokerUrl: `mqtts://127.0.0.1:${port}`,
      tls,
      // Periodic statuses only once an hour: the test decides what the pump reports.
      statusIntervalMs: 3_600_000,
      link: {
        bufferCapacity: capacity,
        backoff: { initialMs: 50, maxMs: 200 },
        // Keep communication-lost out of the outbox: only the battery events fill it.
        communicationLostAfterMs: 3_600_000,
      },
    }));
    log.watch(serial, pump);
    pump.start();
    link.start();
    await waitFor(() => link.stats.connected, 'the pump connected');
  });

  afterAll(async () => {
    log.close();
    await link?.close();
    await pump?.close();
    for (const server of servers) await server.close();
  });

  const batteryEvents = () =>
    log.events(serial, (event) => event.alarm === 'battery-low' && event.type.startsWith('alarm-'));

  it('drops the oldest events beyond its capacity while the broker is unreachable, and counts them', async () => {
    await servers[0]?.close();
    await waitFor(() => !link.stats.connected, 'the pump disconnected');
    for (let i = 0; i < offlineEvents; i += 1) {
      if (i % 2 === 0) pump.raiseAlarm('battery-low');
      else pump.clearAlarm('battery-low');
    }
    expect(batteryEvents()).toHaveLength(offlineEvents);
    // The outbox holds the newest five; the latest status waits beside it, outside the bound.
    expect(link.stats).toMatchObject({
      connected: false,
      dropped: offlineEvents - capacity,
      buffered: capacity + 1,
    });
    await waitFor(() => link.stats.reconnects >= 2, 'reconnect attempts against the closed port');
    expect(link.stats.connected).toBe(false);
  });

  it('reports the loss with a buffer-overflow event once back, and delivers what it kept', async () => {
    const server = new PumpServer({ stateDir, clock });
    servers.push(server);
    await server.start({ host: '127.0.0.1', mqttPort: port });

    const overflow = await waitFor(() => {
      const items = server.store.events.messages({ serial, type: 'buffer-overflow', limit: 10 }).items;
      return items.length > 0 ? items : undefined;
    }, 'the buffer-overflow event in the store');
    expect(overflow).toHaveLength(1);
    expect(overflow?.[0]?.payload).toMatchObject({
      type: 'buffer-overflow',
      detail: { dropped: offlineEvents - capacity },
    });

    await waitFor(
      () => (link.stats.buffered === 0 && link.stats.published === link.stats.acknowledged) || undefined,
      'the outbox drained',
    );
    const rows = allStoredMessages(server.store, serial);
    const stored = new Set(rows.map(envelopeKey));
    const events = batteryEvents();
    const dropped = events.slice(0, offlineEvents - capacity).map(envelopeKey);
    const kept = events.slice(offlineEvents - capacity).map(envelopeKey);
    expect(dropped.filter((key) => stored.has(key))).toEqual([]);
    expect(kept.filter((key) => !stored.has(key))).toEqual([]);
    // The report went first, ahead of the events it explains (rows are in arrival order).
    const arrival = rows.filter((row) => row.channel === 'events').map((row) => row.type);
    expect(arrival[0]).toBe('buffer-overflow');
    // Reporting the loss cost nothing more: the link's counter still says seven.
    expect(link.stats.dropped).toBe(offlineEvents - capacity);
  });
});
