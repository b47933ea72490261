import type { AddressInfo } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPumplabError, type ErrorCode } from '../../../core/errors.ts';
import { loadTlsMaterial, serverTlsOptions } from '../../../pki/tls/tls-material.ts';
import { requestAdmission } from '../../../simulators/pump/network/network-admission.ts';
import type { AdmissionService } from '../../../gateway/admission/admission-service.ts';
import { credentialsOf, gatewayHost, labPki, startAdmission } from './admission-lab.ts';
import { listenOn } from '../enforcement/echo-lab.ts';

const dir = labPki(1);
let service: AdmissionService;
let pump: { key: string; cert: string; ca: string };

beforeAll(async () => {
  service = await startAdmission(dir);
  pump = credentialsOf(dir, 'pump-PL00001');
});

/** A TLS server with the gateway's identity that treats each secured connection with `behave`. */
async function fakeGateway(behave: (socket: tls.TLSSocket) => void): Promise<number> {
  const material = loadTlsMaterial(dir, 'gateway');
  const server = tls.createServer(
    serverTlsOptions(material, { requireClientCert: false, checkRevocation: false }),
  );
  server.on('secureConnection', (socket) => {
    socket.on('error', () => socket.destroy());
    behave(socket);
  });
  return (await listenOn(server, gatewayHost)).port;
}

/** The catalogue code `promise` rejects with. */
async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'resolved' | 'not a PumplabError'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a PumplabError';
  }
}

describe('a pump asking for admission', () => {
  it('presents from its own loopback address, which the gateway admits', async () => {
    const result = await requestAdmission({
      host: gatewayHost,
      port: service.port,
      localAddress: '127.10.0.57',
      tls: pump,
    });
    expect(result).toEqual({ verdict: 'admitted', identity: 'PL00001', zone: 'pump-network' });
    expect(service.table.entry('127.10.0.57')?.identity).toBe('PL00001');
  });

  it('fails with GATEWAY_ADMISSION_UNREACHABLE when nothing listens', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, gatewayHost, resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await codeOf(requestAdmission({ host: gatewayHost, port, tls: pump }))).toBe(
      'GATEWAY_ADMISSION_UNREACHABLE',
    );
  });

  it('refuses a gateway whose certificate does not carry the expected name', async () => {
    const request = requestAdmission({ host: gatewayHost, port: service.port, tls: pump, servername: 'ehr' });
    expect(await codeOf(request)).toBe('GATEWAY_ADMISSION_UNREACHABLE');
  });

  it('fails with GATEWAY_ADMISSION_ANSWER_INVALID when the answer is not a verdict', async () => {
    const port = await fakeGateway((socket) => socket.end('{"verdict":"welcome"}\n'));
    expect(await codeOf(requestAdmission({ host: gatewayHost, port, tls: pump }))).toBe(
      'GATEWAY_ADMISSION_ANSWER_INVALID',
    );
  });

  it('fails with GATEWAY_ADMISSION_ANSWER_INVALID when the answer never ends its line', async () => {
    const port = await fakeGateway((socket) => socket.write('x'.repeat(8_192)));
    expect(await codeOf(requestAdmission({ host: gatewayHost, port, tls: pump }))).toBe(
      'GATEWAY_ADMISSION_ANSWER_INVALID',
    );
  });

  it('fails with GATEWAY_ADMISSION_TIMEOUT when the gateway never answers', async () => {
    const port = await fakeGateway(() => undefined);
    expect(await codeOf(requestAdmission({ host: gatewayHost, port, tls: pump, timeoutMs: 300 }))).toBe(
      'GATEWAY_ADMISSION_TIMEOUT',
    );
  });
});
