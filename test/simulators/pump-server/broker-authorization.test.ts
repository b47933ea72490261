import path from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../../pki/authority.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import { pumpTopic } from '../../../simulators/contract/topics.ts';
import { commandSchema } from '../../../simulators/contract/server-commands.ts';
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
import { eventMessage, payload, sentAt, statusMessage, testBoot } from '../../helpers/pump-messages.ts';

let dir: string;
let authority: CertificateAuthority;
let rootPem: string;
const clients: MqttClient[] = [];

beforeAll(() => {
  ({ dir, authority } = labPki());
  rootPem = authority.rootPem();
  authority.issue({ name: 'biomed-tool', role: 'service' });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map(endClient));
});

afterAll(() => authority.close());

async function pump(port: number, serial: string, clientId = serial): Promise<MqttClient> {
  const client = await connectPump(
    clientOptions(port, rootPem, pumpIdentity(authority, serial), { clientId }),
  );
  clients.push(client);
  return client;
}

describe('with broker authorization on', () => {
  let server: PumpServer;
  let port: number;
  beforeAll(async () => ({ server, port } = await startPumpServer(dir)));
  afterAll(() => server.close());

  it('closes pump A’s connection when it publishes as pump B, stores nothing and raises publish-denied', async () => {
    const a = await pump(port, 'PA0001');
    const gone = closed(a);
    a.publish(pumpTopic('PB0001', 'events'), payload(eventMessage('PB0001', 1)), { qos: 1 });
    await gone;
    expect(server.store.events.count({ serial: 'PB0001' })).toBe(0);
    expect(server.securityEvents.recent('publish-denied').at(-1)).toMatchObject({
      code: 'BROKER_PUBLISH_DENIED',
      identity: 'PA0001',
      topic: pumpTopic('PB0001', 'events'),
    });
  });

  it('answers 0x80 when pump A subscribes to pump B’s commands, and keeps A connected', async () => {
    const a = await pump(port, 'PA0002');
    // MQTT.js turns a 0x80 return code (MQTT 3.1.1 3.9.3) into a rejection carrying the SUBACK.
    await expect(a.subscribeAsync(pumpTopic('PB0002', 'commands'), { qos: 1 })).rejects.toMatchObject({
      packet: { cmd: 'suback', granted: [128] },
    });
    await expect(a.subscribeAsync('pumplab/v1/pumps/+/commands', { qos: 1 })).rejects.toMatchObject({
      packet: { granted: [128] },
    });
    expect(a.connected).toBe(true);
    expect(server.securityEvents.recent('subscribe-denied').at(-1)).toMatchObject({
      code: 'BROKER_SUBSCRIBE_DENIED',
      identity: 'PA0002',
    });
  });

  it('lets a pump publish its own events and answer its own commands', async () => {
    const a = await pump(port, 'PA0003');
    await publishAcked(a, pumpTopic('PA0003', 'events'), payload(eventMessage('PA0003', 1)));
    expect(server.store.events.count({ serial: 'PA0003', type: 'infusion-started' })).toBe(1);

    const granted = await a.subscribeAsync(pumpTopic('PA0003', 'commands'), { qos: 1 });
    expect(granted).toEqual([expect.objectContaining({ qos: 1 })]);
    a.on('message', (_topic, body) => {
      const command = commandSchema.parse(JSON.parse(body.toString()));
      const result = {
        serial: 'PA0003',
        boot: testBoot,
        seq: 2,
        sentAt: sentAt(2),
        commandId: command.commandId,
      };
      a.publish(pumpTopic('PA0003', 'command-results'), payload({ ...result, outcome: 'accepted' }), {
        qos: 1,
      });
    });
    const result = await server.commands.send('PA0003', { kind: 'report-status' }, { timeoutMs: 5_000 });
    expect(result).toMatchObject({ serial: 'PA0003', outcome: 'accepted' });
    expect(server.store.events.count({ serial: 'PA0003', channel: 'command-results' })).toBe(1);
  });

  it('stores a duplicate (same serial, boot and seq) once and still acknowledges it', async () => {
    const a = await pump(port, 'PA0004');
    const event = payload(eventMessage('PA0004', 7));
    await publishAcked(a, pumpTopic('PA0004', 'events'), event);
    await publishAcked(a, pumpTopic('PA0004', 'events'), event);
    expect(server.store.events.count({ serial: 'PA0004' })).toBe(1);
  });

  it('refuses a pump that publishes commands, even to itself', async () => {
    const a = await pump(port, 'PA0005');
    const gone = closed(a);
    a.publish(pumpTopic('PA0005', 'commands'), payload({ commandId: 'x', kind: 'stop' }), { qos: 1 });
    await gone;
    expect(server.securityEvents.recent('publish-denied').at(-1)).toMatchObject({ identity: 'PA0005' });
  });

  it('lets a lab service certificate read every pump’s status', async () => {
    const tool = authority.identity('biomed-tool');
    const service = await connectPump(clientOptions(port, rootPem, tool, { clientId: 'biomed-tool' }));
    clients.push(service);
    const granted = await service.subscribeAsync('pumplab/v1/pumps/+/status', { qos: 1 });
    expect(granted).toEqual([expect.objectContaining({ qos: 1 })]);
    const seen = new Promise<string>((resolve) => service.on('message', (topic) => resolve(topic)));
    const a = await pump(port, 'PA0006');
    await publishAcked(a, pumpTopic('PA0006', 'status'), payload(statusMessage('PA0006', 0)));
    expect(await seen).toBe(pumpTopic('PA0006', 'status'));
  });
});

describe('with broker authorization off (the flat-2015 posture)', () => {
  let server: PumpServer;
  let port: number;
  beforeAll(async () => {
    const storeFile = path.join(dir, 'open-broker', 'events.sqlite');
    ({ server, port } = await startPumpServer(dir, { brokerAuthorization: false, storeFile }));
  });
  afterAll(() => server.close());

  it('lets pump A publish as pump B and read B’s commands', async () => {
    const a = await pump(port, 'PA0101', 'anything-goes');
    const granted = await a.subscribeAsync(pumpTopic('PB0101', 'commands'), { qos: 1 });
    expect(granted).toEqual([expect.objectContaining({ qos: 1 })]);
    await publishAcked(a, pumpTopic('PB0101', 'events'), payload(eventMessage('PB0101', 1)));
    expect(server.store.events.count({ serial: 'PB0101' })).toBe(1);
  });

  it('forwards a payload that fails its schema but does not store it', async () => {
    const a = await pump(port, 'PA0102');
    await publishAcked(a, pumpTopic('PA0102', 'events'), payload({ serial: 'PA0102', type: 'nonsense' }));
    expect(a.connected).toBe(true);
    expect(server.store.events.count({ serial: 'PA0102' })).toBe(0);
    await eventually(() => server.securityEvents.recent('schema-rejected').length > 0);
    expect(server.securityEvents.recent('schema-rejected').at(-1)).toMatchObject({
      code: 'BROKER_SCHEMA_REJECTED',
    });
  });
});
