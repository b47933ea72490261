import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../../pki/authority.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import { labPki, startPumpServer } from '../../helpers/pump-server-lab.ts';

/** A GET over HTTPS trusting the lab root, optionally presenting a client certificate. */
function get(
  port: number,
  ca: string,
  path: string,
  client?: { key: string; cert: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = https.get({ host: '127.0.0.1', port, path, ca, agent: false, ...client }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
  });
}

describe('the pump server as one product: MQTT and REST', () => {
  let authority: CertificateAuthority;
  let server: PumpServer;
  let rootPem: string;

  beforeAll(async () => {
    let dir: string;
    ({ dir, authority } = labPki());
    rootPem = authority.rootPem();
    ({ server } = await startPumpServer(dir));
  });

  afterAll(async () => {
    await server.close();
    authority.close();
  });

  it('serves the REST API over HTTPS on its own free port, beside the broker', async () => {
    expect(server.restAddress).toMatchObject({ host: '127.0.0.1', protocol: 'https' });
    expect(server.restAddress.port).not.toBe(server.mqttAddress.port);
    expect(await get(server.restAddress.port, rootPem, '/api/v1/health')).toBe(200);
    expect(await get(server.restAddress.port, rootPem, '/api/v1/pumps')).toBe(200);
  });

  it('exposes its release services', () => {
    expect(server.libraries.list()).toEqual([]);
    expect(server.firmware.list()).toEqual([]);
    expect(server.rollouts.list()).toEqual([]);
  });

  it('closes the REST API with the broker, and refuses to be read once closed', async () => {
    const { port } = server.restAddress;
    await server.close();
    await expect(get(port, rootPem, '/api/v1/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(() => server.restAddress).toThrow(expect.objectContaining({ code: 'BROKER_CLOSED' }));
  });
});

describe('the pump server with REST mutual TLS on', () => {
  let authority: CertificateAuthority;
  let server: PumpServer;

  beforeAll(async () => {
    let dir: string;
    ({ dir, authority } = labPki());
    ({ server } = await startPumpServer(dir, { restMutualTls: true }));
  });

  afterAll(async () => {
    await server.close();
    authority.close();
  });

  it('serves a client with a lab certificate and refuses one without', async () => {
    const { port } = server.restAddress;
    const identity = authority.issue({ name: 'biomed-ws', role: 'client' });
    const client = { key: identity.privateKeyPem, cert: identity.chainPem };
    expect(await get(port, authority.rootPem(), '/api/v1/health', client)).toBe(200);
    await expect(get(port, authority.rootPem(), '/api/v1/health')).rejects.toThrow();
  });
});
