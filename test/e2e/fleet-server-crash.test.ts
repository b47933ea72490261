import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../core/clock.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { EventStore, eventStoreFile } from '../../simulators/pump-server/event-store.ts';
import { envelopeKey, PumpMessageLog } from '../helpers/pump-message-log.ts';
import { spawnPumpServer, stopChild, type ChildServer } from '../helpers/spawn-pump-server.ts';
import { allStoredMessages } from '../helpers/stored-messages.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

const pumps = 20;
/** Pumps PL00001..PL00010 run an infusion through the crash. */
const infusing = 10;
/** 60 lab seconds a real second: the 60 s communication-lost threshold passes in about 1 s. */
const clock = new ScaledClock(60);

/**
 * kill -9 of the pump server (a child process) while a ward of 20 pumps streams events, then a
 * restart on the same port and state directory: the pumps ride it out on their own and the store
 * ends up with every message exactly once.
 */
describe('a ward of 20 pumps across kill -9 and restart of the pump server', () => {
  const stateDir = tempDir('pumplab-crash-');
  const servers: ChildServer[] = [];
  const log = new PumpMessageLog();
  let fleet: Fleet;
  let store: EventStore;
  let load: NodeJS.Timeout | undefined;
  /** performance.now() at the kill and at the restart. */
  let killedAt = 0;
  let restartedAt = 0;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps });
    servers.push(await spawnPumpServer(stateDir));
    fleet = await Fleet.start({
      stateDir,
      brokerUrl: `mqtts://127.0.0.1:${servers[0]?.port}`,
      count: pumps,
      seed: 'e2e-crash',
      clock,
      statusIntervalMs: 10_000,
    });
    for (const serial of fleet.serials) {
      const pump = fleet.pump(serial);
      if (pump) log.watch(serial, pump);
    }
    // Read the store as the server writes it (SQLite WAL allows readers beside the writer).
    store = EventStore.open(eventStoreFile(stateDir));
  });

  afterAll(async () => {
    clearInterval(load);
    log.close();
    await fleet?.close();
    store?.close();
    for (const { child } of servers) await stopChild(child, 'SIGKILL');
  });

  const serials = (): string[] => fleet.serials;
  const pumpOf = (serial: string) => {
    const pump = fleet.pump(serial);
    if (!pump) throw new Error(`no pump ${serial}`);
    return pump;
  };
  const linkOf = (serial: string) => {
    const link = fleet.link(serial);
    if (!link) throw new Error(`no link ${serial}`);
    return link;
  };
  const commLost = (alarm: 'alarm-raised' | 'alarm-cleared', since: number) => (serial: string) =>
    log
      .events(serial, (e) => e.type === alarm && e.alarm === 'communication-lost')
      .filter((e) => e.realAt > since);

  it('programs infusions and streams alarm events while every pump is online', async () => {
    await waitFor(() => store.inventory.counts().online === pumps || undefined, 'all pumps online');
    for (let i = 0; i < infusing; i += 1) {
      const serial = serials()[i] ?? '';
      const result = pumpOf(serial).handleCommand({
        kind: 'program',
        commandId: `crash-program-${serial}`,
        issuedAt: new Date(clock.now()).toISOString(),
        order: {
          infusionId: `inf-crash-${serial}`,
          patientId: `MRN-CRASH-${i}`,
          drugId: 'normal-saline',
          rate: 100,
          vtbi: 900,
          confirmSoftLimit: false,
          autoStart: true,
        },
      });
      expect(result.outcome).toBe('accepted');
    }
    // A battery that comes and goes on one pump after another: a steady stream of events.
    let turn = 0;
    load = setInterval(() => {
      const serial = serials()[turn % pumps] ?? '';
      const pump = pumpOf(serial);
      if (Math.floor(turn / pumps) % 2 === 0) pump.raiseAlarm('battery-low');
      else pump.clearAlarm('battery-low');
      turn += 1;
    }, 10);
    await waitFor(() => store.events.count({ channel: 'events' }) >= 200 || undefined, '200 events stored');
  });

  it('keeps infusing, buffering and retrying while the server is dead, and raises communication-lost', async () => {
    const first = servers[0];
    if (!first) throw new Error('no server');
    // A burst from every pump in the same tick as the kill: publishes are surely in flight.
    for (const serial of serials()) {
      pumpOf(serial).clearAlarm('battery-low');
      pumpOf(serial).raiseAlarm('battery-low');
    }
    await stopChild(first.child, 'SIGKILL');
    killedAt = performance.now();
    const atKill = fleet.stats();
    const ackedAtKill = atKill.acknowledged;
    expect(ackedAtKill).toBeGreaterThan(0);
    expect(atKill.published - atKill.acknowledged).toBeGreaterThan(0);

    // Every pump notices within the 60 lab-second threshold and raises the alarm itself.
    await waitFor(
      () => serials().every((s) => commLost('alarm-raised', killedAt)(s).length === 1),
      'comm-lost on all',
    );
    // The infusion does not care about the network: the volume keeps rising, still infusing.
    const statusesOffline = log
      .of('PL00001')
      .filter((m) => m.realAt > killedAt)
      .flatMap((m) => (m.channel === 'status' && m.payload.infusion ? [m.payload] : []));
    const firstOffline = statusesOffline[0];
    const lastOffline = statusesOffline.at(-1);
    expect(firstOffline?.state).toBe('infusing');
    expect(lastOffline?.state).toBe('infusing');
    expect(lastOffline?.alarms).toContain('communication-lost');
    expect(lastOffline?.infusion?.volumeInfused).toBeGreaterThan(
      firstOffline?.infusion?.volumeInfused ?? Infinity,
    );

    // Every link has retried (and failed) at least once, and events wait in the outboxes.
    await waitFor(() => serials().every((s) => linkOf(s).stats.reconnects > 0), 'a retry on every link');
    const stats = fleet.stats();
    expect(stats.connected).toBe(0);
    expect(stats.buffered).toBeGreaterThan(pumps);
    expect(stats.acknowledged).toBe(ackedAtKill);
  });

  it('every pump reconnects on its own after the restart, at times spread by jitter', async () => {
    const first = servers[0];
    if (!first) throw new Error('no server');
    servers.push(await spawnPumpServer(stateDir, first.port));
    restartedAt = performance.now();

    // The link clears communication-lost as it connects: that event's time is the reconnect time.
    const cleared = await waitFor(() => {
      const times = serials().map((s) => commLost('alarm-cleared', killedAt)(s)[0]?.realAt);
      return times.every((t) => t !== undefined) ? (times as number[]) : undefined;
    }, 'every pump reconnected');
    for (const serial of serials()) expect(linkOf(serial).stats.reconnects).toBeGreaterThan(0);
    for (const time of cleared) expect(time).toBeGreaterThan(restartedAt);
    // Full jitter: no two pumps on the same millisecond in bulk, and a spread of real time.
    expect(new Set(cleared.map((t) => Math.round(t))).size).toBeGreaterThan(pumps / 2);
    expect(Math.max(...cleared) - Math.min(...cleared)).toBeGreaterThan(100);

    await waitFor(() => store.inventory.counts().online === pumps || undefined, 'all pumps online again');
    clearInterval(load);
    load = undefined;
  });

  it('stores every event and command result each pump emitted exactly once, and only those', async () => {
    // Quiet: every outbox empty and every publish acknowledged.
    await waitFor(() => {
      const stats = fleet.stats();
      return (
        (stats.connected === pumps && stats.buffered === 0 && stats.acknowledged === stats.published) ||
        undefined
      );
    }, 'all outboxes drained');

    for (const serial of serials()) {
      const emitted = log.of(serial);
      const stored = allStoredMessages(store, serial);
      const storedByKey = new Map(stored.map((m) => [envelopeKey(m), m]));
      const sent = emitted.filter((m) => m.channel !== 'status');
      const storedSent = stored.filter((m) => m.channel !== 'status');
      const emittedKeys = new Set(sent.map((m) => envelopeKey(m.payload)));
      const missing = sent.filter((m) => !storedByKey.has(envelopeKey(m.payload)));
      // Only what the outbox dropped (and counted) may be missing; nothing stored that was not sent.
      expect(missing.length, serial).toBe(linkOf(serial).stats.dropped);
      expect(
        storedSent.filter((m) => !emittedKeys.has(envelopeKey(m))),
        serial,
      ).toEqual([]);
      // Each stored row is the message the pump sent, byte for byte in JSON terms.
      for (const message of sent) {
        const row = storedByKey.get(envelopeKey(message.payload));
        if (row) expect(row.payload, serial).toEqual(message.payload);
      }
      // One row per distinct message that reached the store: no duplicates behind the resends.
      const rows =
        store.events.count({ serial, channel: 'events' }) +
        store.events.count({ serial, channel: 'command-results' });
      expect(rows, serial).toBe(sent.length - missing.length);
      expect(new Set(stored.map(envelopeKey)).size, serial).toBe(stored.length);

      // Statuses are coalesced (only the latest waits), and the link adds a fresh snapshot on each
      // connect. The log starts once the fleet is up: statuses from its start-up are not in it.
      const emittedStatus = new Map(
        emitted.flatMap((m) =>
          m.channel === 'status' ? [[envelopeKey(m.payload), m.payload] as const] : [],
        ),
      );
      const firstLogged = emitted[0]?.payload.seq ?? 0;
      const storedStatus = stored.filter((m) => m.channel === 'status' && m.seq >= firstLogged);
      const snapshots = storedStatus.filter((m) => !emittedStatus.has(envelopeKey(m)));
      // One reconnection since the log began, so one snapshot at most.
      expect(snapshots.length, serial).toBeLessThanOrEqual(1);
      for (const row of storedStatus) {
        const payload = emittedStatus.get(envelopeKey(row));
        if (payload) expect(row.payload, serial).toEqual(payload);
      }
    }
    // A capacity of 1,000 holds this outage: nothing had to be dropped.
    expect(fleet.stats().dropped).toBe(0);
  });

  it('shows every pump online with communication-lost cleared, and the infusions still running', () => {
    const records = store.inventory.list({ limit: 100 }).items;
    expect(records).toHaveLength(pumps);
    for (const record of records) {
      expect(record.online, record.serial).toBe(true);
      expect(record.alarms, record.serial).not.toContain('communication-lost');
    }
    for (let i = 0; i < infusing; i += 1) {
      const serial = serials()[i] ?? '';
      expect(store.events.infusion(`inf-crash-${serial}`)).toMatchObject({ state: 'infusing' });
    }
  });
});
