import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clientTlsOptions } from '../../../../pki/tls/tls-material.ts';
import { MllpClient } from '../../../../simulators/hl7/mllp/mllp-client.ts';
import { frameMllp } from '../../../../simulators/hl7/mllp/mllp-framer.ts';
import type { MllpServer } from '../../../../simulators/hl7/mllp/mllp-server.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { ackSummary, hl7Message, hl7Pki, RawPeer, startLabListener } from './mllp-lab.ts';

const pki = hl7Pki();
const policy = { requireClientCert: true, checkRevocation: true };
let server: MllpServer;
let bystander: MllpClient;
let bystanderCount = 0;
const peers: RawPeer[] = [];

beforeAll(async () => {
  ({ server } = await startLabListener({
    tls: { material: pki.listener, policy },
    readTimeoutMs: 400,
    maxFrameBytes: 64 * 1024,
    maxGarbageBytes: 1024,
  }));
  // Another client, connected throughout: the listener must keep serving it whatever the others do.
  bystander = new MllpClient({ host: '127.0.0.1', port: server.port, tls: { material: pki.client, policy } });
  await bystander.send(hl7Message('BY0'));
});
afterEach(async () => {
  bystanderCount += 1;
  const id = `BY${bystanderCount}`;
  expect(ackSummary(await bystander.send(hl7Message(id)))).toEqual({ code: 'AA', acked: id, errors: [] });
});
afterAll(async () => {
  peers.forEach((peer) => peer.destroy());
  await bystander.close();
  await server.close();
});

const peer = (material = pki.other): RawPeer => {
  const raw = new RawPeer(server.port, clientTlsOptions(material, { checkRevocation: true }));
  peers.push(raw);
  return raw;
};
const events = (kind: string) => server.securityEvents.recent().filter((event) => event.kind === kind);

describe('the MLLP listener under bad input', () => {
  it('answers malformed segments with a NAK: AR, ERR 102 and where', async () => {
    const raw = peer();
    raw.write(frameMllp(hl7Message('BAD1').replace('PID|1|', 'PID|one|')));
    const nak = await raw.answer(1);
    expect(ackSummary(nak)).toEqual({ code: 'AR', acked: 'BAD1', errors: ['102'] });
    expect(nak.segment('ERR')?.rawField(2)).toBe('PID^1^1^1^1');
    expect(events('malformed').at(-1)).toMatchObject({ code: 'HL7_MALFORMED' });
  });

  it('answers a frame that is not HL7 at all with AR and ERR 100', async () => {
    const raw = peer();
    raw.write(frameMllp('hello, is this the EHR?'));
    expect(ackSummary(await raw.answer(1))).toEqual({ code: 'AR', acked: '', errors: ['100'] });
  });

  it('rejects an unknown message type with AR and ERR 200', async () => {
    const raw = peer();
    raw.write(frameMllp(hl7Message('Q1', 'QBP^Q22^QBP_Q21')));
    expect(ackSummary(await raw.answer(1))).toEqual({ code: 'AR', acked: 'Q1', errors: ['200'] });
    expect(events('rejected').at(-1)).toMatchObject({
      code: 'HL7_STRUCTURE_INVALID',
      messageType: 'QBP^Q22^QBP_Q21',
    });
  });

  it('answers a structure error with AE, and CE when an accept ACK was asked for', async () => {
    const raw = peer();
    const noVisit = hl7Message('S1').replace(/PV1\|[^\r]*\r/, '');
    raw.write(frameMllp(noVisit));
    raw.write(frameMllp(noVisit.replace('|S1|P|2.6', '|S2|P|2.6|||AL|NE')));
    expect(ackSummary(await raw.answer(1))).toEqual({ code: 'AE', acked: 'S1', errors: ['100'] });
    expect(ackSummary(await raw.answer(2))).toEqual({ code: 'CE', acked: 'S2', errors: ['100'] });
  });

  it('answers AE with ERR 207 when the handler throws', async () => {
    const raw = peer();
    raw.write(frameMllp(hl7Message('BOOM')));
    expect(ackSummary(await raw.answer(1))).toEqual({ code: 'AE', acked: 'BOOM', errors: ['207'] });
  });

  it('drops garbage around frames, still answers them, and reports it once', async () => {
    const before = events('garbage').length;
    const raw = peer();
    raw.write(
      Buffer.concat([Buffer.from('\x00\xffjunk'), frameMllp(hl7Message('G1')), Buffer.from('more junk')]),
    );
    raw.write(frameMllp(hl7Message('G2')));
    expect([ackSummary(await raw.answer(1)).acked, ackSummary(await raw.answer(2)).acked]).toEqual([
      'G1',
      'G2',
    ]);
    expect(events('garbage').length).toBe(before + 1);
  });

  it('closes a connection that sends nothing but garbage past the cap', async () => {
    const raw = peer();
    raw.write(Buffer.alloc(4096, 0x41));
    await raw.closed;
    expect(events('garbage').at(-1)?.detail).toMatch(/Connection closed/);
  });

  it('closes the connection on an oversized frame', async () => {
    const raw = peer();
    raw.write(frameMllp(hl7Message('BIG').replace('PV1|1|I', `PV1|1|I|${'X'.repeat(70 * 1024)}`)));
    await raw.closed;
    expect(raw.frames).toEqual([]);
    expect(events('oversized').at(-1)).toMatchObject({ code: 'MLLP_FRAME_TOO_LARGE' });
  });

  it('closes a slow sender that starts a frame and does not finish it', async () => {
    const raw = peer();
    const bytes = frameMllp(hl7Message('SLOWLORIS'));
    raw.write(bytes.subarray(0, 30));
    await waitFor(() => events('read-timeout').length > 0, 'a read timeout', 5000);
    await raw.closed;
    expect(events('read-timeout').at(-1)).toMatchObject({ code: 'MLLP_READ_TIMEOUT' });
  });

  it('refuses a client without a certificate under mutual TLS', async () => {
    const before = events('tls-failure').length;
    const anonymous = new MllpClient({
      host: '127.0.0.1',
      port: server.port,
      tls: { material: { ca: pki.client.ca, crl: pki.client.crl }, policy: { checkRevocation: true } },
      responseTimeoutMs: 5000,
    });
    await expect(anonymous.send(hl7Message('ANON'))).rejects.toMatchObject({
      code: 'MLLP_TLS_HANDSHAKE_FAILED',
    });
    await waitFor(() => events('tls-failure').length > before, 'a tls-failure event', 5000);
    expect(events('tls-failure').at(-1)).toMatchObject({
      code: 'MLLP_TLS_HANDSHAKE_FAILED',
      source: /^127\.0\.0\.1:/,
    });
    await anonymous.close();
  });

  it('refuses bytes that are not TLS at all', async () => {
    const before = events('tls-failure').length;
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false });
    socket.on('error', () => undefined);
    socket.destroy();
    const plain = await import('node:net').then((net) =>
      net.connect({ host: '127.0.0.1', port: server.port }),
    );
    plain.on('error', () => undefined);
    plain.write(frameMllp(hl7Message('PLAIN')));
    await waitFor(() => events('tls-failure').length > before, 'a tls-failure event', 5000);
    plain.destroy();
  });
});

describe('the MLLP listener at its connection cap', () => {
  it('drops connections over maxConnections and reports them', async () => {
    const { server: capped } = await startLabListener({ maxConnections: 1 });
    const first = new MllpClient({ host: '127.0.0.1', port: capped.port });
    await first.send(hl7Message('CAP1'));
    const second = new MllpClient({ host: '127.0.0.1', port: capped.port, responseTimeoutMs: 2000 });
    await expect(second.send(hl7Message('CAP2'))).rejects.toMatchObject({ code: 'MLLP_CONNECTION_CLOSED' });
    expect(capped.securityEvents.recent('connection-limit')).toHaveLength(1);
    expect(ackSummary(await first.send(hl7Message('CAP3'))).acked).toBe('CAP3');
    await Promise.all([first.close(), second.close()]);
    await capped.close();
  });
});
