import { once } from 'node:events';
import tls from 'node:tls';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority, Identity } from '../../../pki/authority.ts';
import type { PumpServer, SecurityEventKind } from '../../../simulators/pump-server/pump-server.ts';
import { pumpTopic } from '../../../simulators/contract/topics.ts';
import {
  clientOptions,
  closed,
  connectPump,
  endClient,
  eventually,
  labPki,
  publishAcked,
  pumpIdentity,
  startPumpServer,
} from '../../helpers/pump-server-lab.ts';
import { eventMessage, payload, statusMessage } from '../../helpers/pump-messages.ts';

let authority: CertificateAuthority;
let server: PumpServer;
let port: number;
let rootPem: string;
let attacker: Identity;
let bystander: MqttClient;
let bystanderSeq = 0;

// Small caps so that both the frame guard (packet) and the publish hook (payload) are reached.
const limits = { pumpPayloadBytes: 4096, pumpFrameBytes: 8192 };

beforeAll(async () => {
  const lab = labPki();
  authority = lab.authority;
  rootPem = authority.rootPem();
  attacker = pumpIdentity(authority, 'PX0001');
  ({ server, port } = await startPumpServer(lab.dir, { limits }));
  bystander = await connectPump(
    clientOptions(port, rootPem, pumpIdentity(authority, 'PL00001'), { clientId: 'PL00001' }),
  );
});

afterAll(async () => {
  await endClient(bystander);
  await server.close();
  authority.close();
});

/** Opens a TLS connection with the attacker's valid certificate, writes `bytes`, waits for the close. */
async function sendRaw(bytes: Buffer): Promise<void> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    ca: rootPem,
    key: attacker.privateKeyPem,
    cert: attacker.chainPem,
  });
  socket.on('error', () => undefined);
  await once(socket, 'secureConnect');
  socket.write(bytes);
  socket.resume();
  await once(socket, 'close');
}

/** The bystander pump still publishes and is stored: the broker carried on. */
async function bystanderCarriesOn(): Promise<void> {
  bystanderSeq += 1;
  await publishAcked(
    bystander,
    pumpTopic('PL00001', 'events'),
    payload(eventMessage('PL00001', bystanderSeq)),
  );
  expect(server.store.events.count({ serial: 'PL00001' })).toBe(bystanderSeq);
}

async function expectEvent(kind: SecurityEventKind, code: string): Promise<void> {
  await eventually(() => server.securityEvents.recent(kind).some((event) => event.code === code));
}

/** A CONNECT (MQTT 3.1.1 3.1) with the given protocol name and client id, clean session. */
function connectPacket(protocolName: string, clientId: string): Buffer {
  const text = (value: string): Buffer => {
    const bytes = Buffer.from(value);
    return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
  };
  const body = Buffer.concat([text(protocolName), Buffer.from([4, 0x02, 0, 30]), text(clientId)]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

describe('hostile input to the broker', () => {
  it('drops a connection that sends bytes that are not MQTT', async () => {
    await sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: pump-server\r\n\r\n'));
    await expectEvent('malformed', 'BROKER_MALFORMED_PACKET');
    await bystanderCarriesOn();
  });

  it('drops a CONNECT announcing an absurd remaining length on its fifth byte', async () => {
    await sendRaw(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]));
    await expectEvent('oversized', 'BROKER_PAYLOAD_TOO_LARGE');
    await bystanderCarriesOn();
  });

  it('drops a remaining length longer than four bytes', async () => {
    await sendRaw(Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01]));
    expect(server.securityEvents.recent('malformed').at(-1)?.detail).toContain('four bytes');
    await bystanderCarriesOn();
  });

  it('drops a CONNECT with a wrong protocol name', async () => {
    await sendRaw(connectPacket('MQTX', 'PX0001'));
    await eventually(() =>
      server.securityEvents.recent('malformed').some((e) => e.detail.includes('protocolId')),
    );
    await bystanderCarriesOn();
  });

  it('cuts a pump whose packet exceeds the frame limit before the broker buffers it', async () => {
    const pump = await connectPump(clientOptions(port, rootPem, attacker, { clientId: 'PX0001' }));
    const gone = closed(pump);
    const huge = statusMessage('PX0001', 1, { model: 'x'.repeat(300 * 1024) });
    pump.publish(pumpTopic('PX0001', 'status'), payload(huge), { qos: 1 });
    await gone;
    await endClient(pump);
    expect(server.securityEvents.recent('oversized').at(-1)).toMatchObject({ identity: 'PX0001' });
    expect(server.store.events.count({ serial: 'PX0001' })).toBe(0);
    await bystanderCarriesOn();
  });

  it('refuses a payload over the pump payload cap', async () => {
    const pump = await connectPump(clientOptions(port, rootPem, attacker, { clientId: 'PX0001' }));
    const gone = closed(pump);
    const big = statusMessage('PX0001', 2, { model: 'x'.repeat(6 * 1024) });
    pump.publish(pumpTopic('PX0001', 'status'), payload(big), { qos: 1 });
    await gone;
    await endClient(pump);
    expect(server.securityEvents.recent('oversized').at(-1)).toMatchObject({
      topic: pumpTopic('PX0001', 'status'),
      detail: expect.stringContaining('limit is 4096'),
    });
    expect(server.store.events.count({ serial: 'PX0001' })).toBe(0);
    await bystanderCarriesOn();
  });

  it('refuses payloads that fail their schema, or are not JSON, or name another serial', async () => {
    const bad = [
      payload({ ...eventMessage('PX0001', 3), type: 'dose-doubled' }),
      Buffer.from('{"serial": "PX0001", '),
      payload(eventMessage('PL00001', 3)),
    ];
    for (const body of bad) {
      const pump = await connectPump(clientOptions(port, rootPem, attacker, { clientId: 'PX0001' }));
      const gone = closed(pump);
      pump.publish(pumpTopic('PX0001', 'events'), body, { qos: 1 });
      await gone;
      await endClient(pump);
    }
    const rejected = server.securityEvents.recent('schema-rejected').map((event) => event.detail);
    expect(rejected).toEqual([
      expect.stringContaining('type'),
      'payload is not JSON in UTF-8',
      expect.stringContaining('payload serial PL00001'),
    ]);
    expect(server.store.events.count({ serial: 'PX0001' })).toBe(0);
    await bystanderCarriesOn();
  });
});
