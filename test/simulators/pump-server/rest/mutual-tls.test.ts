import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestLab, type RestLab } from './rest-harness.ts';

let lab: RestLab;
let client: { key: string; cert: string };

beforeAll(async () => {
  lab = await startRestLab({ requireClientCert: true, checkRevocation: true });
  const identity = lab.authority.issue({ name: 'biomed-workstation', role: 'client' });
  client = { key: identity.privateKeyPem, cert: identity.chainPem };
});

afterAll(async () => lab.close());

describe('the REST server with mutual TLS on', () => {
  it('serves a client that presents a lab certificate', async () => {
    const reply = await lab.request('GET', '/api/v1/health', { client });
    expect(reply.status).toBe(200);
  });

  it('refuses a client without a certificate during the handshake', async () => {
    await expect(lab.request('GET', '/api/v1/health')).rejects.toThrow();
  });
});
