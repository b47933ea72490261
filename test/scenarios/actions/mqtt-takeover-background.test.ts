import type { IClientOptions } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../../pki/authority.ts';
import type { AttackContext } from '../../../scenarios/actions/action.ts';
import type { PumpView } from '../../../scenarios/engine/lab-under-test.ts';
import { backgroundHoldsEnded } from '../../../scenarios/actions/held-connections.ts';
import type { BrokerLimits } from '../../../simulators/pump-server/broker/broker-limits.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import {
  attemptConnect,
  clientOptions,
  closed,
  connectPump,
  endClient,
  labPki,
  startPumpServer,
} from '../../helpers/pump-server-lab.ts';
import { fakeContext } from './fake-lab.ts';
import { codes, play } from './scenario-lab.ts';

const serial = 'PL00001';
let dir: string;
let authority: CertificateAuthority;
let server: PumpServer | undefined;
let pumpOptions: IClientOptions;

beforeAll(() => {
  ({ dir, authority } = labPki());
});
afterAll(() => authority.close());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let port: number;

/** What a pump on the ward looks like to the attacker standing by it. */
const pumpView = (pumpSerial: string, state: string): PumpView => ({
  serial: pumpSerial,
  address: '127.0.0.1',
  careArea: 'med-surg',
  firmware: '2.4.0',
  libraryVersion: null,
  state,
  rate: null,
  volumeInfused: 0,
  infusionId: null,
  alarms: [],
  alarmsRaised: [],
  installs: [],
  connected: true,
});

/**
 * A pump server whose broker believes claimed serials (mutual TLS off, the flat 2015 posture), and
 * an attacker who read PL00001's serial from a retained status, or sees `ward` in the room.
 */
async function flatBroker(limits: Partial<BrokerLimits> = {}, ward?: PumpView[]): Promise<AttackContext> {
  const started = await startPumpServer(dir, { mutualTls: false, limits });
  server = started.server;
  port = started.port;
  pumpOptions = optionsOf(serial);
  const context = fakeContext({
    endpoints: { mqtt: { host: '127.0.0.1', port } },
    ...(ward ? { observe: { pumps: () => ward } } : {}),
  });
  if (!ward) context.loot.data.push(JSON.stringify({ serial }));
  return context;
}

/** The client options of pump `pumpSerial`, which claims its serial (no certificate). */
const optionsOf = (pumpSerial: string): IClientOptions =>
  clientOptions(port, authority.rootPem(), undefined, {
    clientId: pumpSerial,
    username: pumpSerial,
    clean: false,
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('mqtt-takeover in the background', () => {
  it('returns after the first wave, takes the id back whenever the pump returns, and lets go at holdMs', async () => {
    const context = await flatBroker();
    const pump = await connectPump(pumpOptions);
    const started = Date.now();
    const report = await play(context, 'mqtt-takeover', {
      identity: 'claim-serial',
      holdMs: 2_500,
      background: true,
    });
    expect(report.status).toBe('done');
    expect(codes(report)).toEqual(['CONNACK-0']);
    expect(Date.now() - started).toBeLessThan(1_000);
    await closed(pump);
    const back = await connectPump(pumpOptions);
    await closed(back);
    expect(Date.now() - started).toBeLessThan(2_500);
    await backgroundHoldsEnded(context);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    const after = await connectPump(pumpOptions);
    await sleep(400);
    expect(after.connected).toBe(true);
    await endClient(after);
  });

  it('closes its sessions when the hold ends: a broker with room for one takes the pump again', async () => {
    const context = await flatBroker({ maxConnections: 1 });
    const report = await play(context, 'mqtt-takeover', {
      identity: 'claim-serial',
      holdMs: 1_500,
      background: true,
    });
    expect(report.status).toBe('done');
    expect((await attemptConnect(pumpOptions)).connected).toBe(false);
    await backgroundHoldsEnded(context);
    const pump = await connectPump(pumpOptions);
    await endClient(pump);
  });

  it('stops at once when the first wave is refused throughout', async () => {
    const context = await flatBroker();
    await server?.close();
    server = undefined;
    const report = await play(context, 'mqtt-takeover', {
      identity: 'claim-serial',
      holdMs: 600_000,
      background: true,
    });
    expect(report.status).toBe('blocked');
    expect(codes(report)).toEqual(['ECONNREFUSED']);
    await backgroundHoldsEnded(context);
  });
});

describe('mqtt-takeover of the infusing pumps only', () => {
  it('throws off the pumps it saw infusing and leaves the idle ones their sessions', async () => {
    const context = await flatBroker({}, [pumpView('PL00001', 'infusing'), pumpView('PL00002', 'standby')]);
    const infusing = await connectPump(optionsOf('PL00001'));
    const idle = await connectPump(optionsOf('PL00002'));
    const report = await play(context, 'mqtt-takeover', {
      identity: 'claim-serial',
      targets: 'infusing',
      holdMs: 500,
    });
    expect(report.status).toBe('done');
    expect(report.summary).toMatch(/against 1 pump/);
    await closed(infusing);
    expect(idle.connected).toBe(true);
    await endClient(idle);
  });

  it('is blocked with NOT_INFUSING when no pump infuses', async () => {
    const context = await flatBroker({}, [pumpView('PL00002', 'standby')]);
    const report = await play(context, 'mqtt-takeover', {
      identity: 'claim-serial',
      targets: 'infusing',
      holdMs: 500,
    });
    expect(report.status).toBe('blocked');
    expect(codes(report)).toEqual(['NOT_INFUSING']);
  });
});

describe('mqtt-takeover beside a flood that keeps the broker full', () => {
  it('trades a flood connection for the session, and leaves the session to the flood when it ends', async () => {
    const context = await flatBroker({ maxConnections: 3 });
    const pump = await connectPump(pumpOptions);
    const flood = await play(context, 'flood', {
      service: 'mqtt',
      connections: 5,
      holdMs: 4_000,
      background: true,
    });
    expect(flood.status).toBe('done');
    const takeover = play(context, 'mqtt-takeover', { identity: 'claim-serial', holdMs: 1_500 });
    await closed(pump);
    await sleep(200);
    expect((await attemptConnect(pumpOptions)).connected).toBe(false);
    const report = await takeover;
    expect(report.status).toBe('done');
    expect(codes(report)).toContain('CONNACK-0');
    expect((await attemptConnect(pumpOptions)).connected).toBe(false);
    await backgroundHoldsEnded(context);
    const back = await connectPump(pumpOptions);
    await endClient(back);
  });
});
