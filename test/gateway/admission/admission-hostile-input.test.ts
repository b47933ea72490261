import crypto from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionService } from '../../../gateway/admission/admission-service.ts';
import { credentialsOf, gatewayHost, labPki, presentFrom, startAdmission } from './admission-lab.ts';

const dir = labPki(1);
const handshakeTimeoutMs = 300;
let service: AdmissionService;

beforeAll(async () => {
  service = await startAdmission(dir, { handshakeTimeoutMs });
});

/**
 * Opens a plain TCP connection from `localAddress`, lets `feed` do what it likes with it, and
 * resolves once the service has closed it.
 */
async function hostile(localAddress: string, feed: (socket: net.Socket) => void): Promise<void> {
  const socket = net.connect({ host: gatewayHost, port: service.port, localAddress });
  // The service may reset the connection while bytes are still being written: that is the point.
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  // Not events.once for 'close': it rejects on the 'error' a reset connection also emits.
  const closed = new Promise((resolve) => socket.on('close', resolve));
  feed(socket);
  await closed;
}

const handshakeFailures = (address: string): number =>
  service.log.query({ address, verdict: 'quarantined' }).filter((r) => r.reason === 'handshake-failed')
    .length;

describe('admission service under hostile input', () => {
  it('drops a connection that sends garbage bytes, and logs it as a failed handshake', async () => {
    await hostile('127.10.0.201', (socket) => socket.write(crypto.randomBytes(1_024)));
    expect(handshakeFailures('127.10.0.201')).toBe(1);
    expect(service.table.isAdmitted('127.10.0.201')).toBe(false);
  });

  it('drops a plain TCP connection that says nothing, once the handshake times out', async () => {
    const started = Date.now();
    await hostile('127.10.0.202', () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(handshakeTimeoutMs - 50);
    expect(handshakeFailures('127.10.0.202')).toBe(1);
  });

  it('drops a connection that floods a megabyte of bytes', async () => {
    await hostile('127.10.0.203', (socket) => socket.write(Buffer.alloc(1_048_576, 0x16)));
    expect(handshakeFailures('127.10.0.203')).toBe(1);
  });

  it('drops a connection that trickles a handshake one byte at a time', async () => {
    let timer: NodeJS.Timeout | undefined;
    await hostile('127.10.0.204', (socket) => {
      // The first bytes of a TLS record header (RFC 8446 5.1), one every 50 ms: it never completes.
      const bytes = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03];
      timer = setInterval(() => socket.write(Buffer.of(bytes.shift() ?? 0)), 50);
    });
    clearInterval(timer);
    expect(handshakeFailures('127.10.0.204')).toBe(1);
  });

  it('still admits the next pump after all of that', async () => {
    const result = await presentFrom(service, '127.10.0.57', credentialsOf(dir, 'pump-PL00001'));
    expect(result).toEqual({ verdict: 'admitted', identity: 'PL00001', zone: 'pump-network' });
  });
});
