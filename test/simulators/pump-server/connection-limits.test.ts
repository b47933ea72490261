import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../../pki/authority.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import {
  attemptConnect,
  clientOptions,
  connectPump,
  endClient,
  eventually,
  labPki,
  pumpIdentity,
  startPumpServer,
} from '../../helpers/pump-server-lab.ts';

let authority: CertificateAuthority;
let server: PumpServer;
let port: number;
let rootPem: string;

beforeAll(async () => {
  const lab = labPki();
  authority = lab.authority;
  rootPem = authority.rootPem();
  ({ server, port } = await startPumpServer(lab.dir, { limits: { maxConnections: 1 } }));
});

afterAll(async () => {
  await server.close();
  authority.close();
});

const options = (serial: string) =>
  clientOptions(port, rootPem, pumpIdentity(authority, serial), { clientId: serial });

describe('the broker’s connection cap', () => {
  it('drops a connection over the cap before its handshake, raises connection-limit, and admits it later', async () => {
    const first = await connectPump(options('PL00001'));
    const refused = await attemptConnect(options('PL00002'));
    expect(refused.connected).toBe(false);
    expect(server.securityEvents.recent('connection-limit')).toEqual([
      expect.objectContaining({
        code: 'BROKER_CONNECTION_LIMIT',
        source: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      }),
    ]);
    await endClient(first);
    await eventually(() => server.inventory.get('PL00001')?.online === false);
    const second = await connectPump(options('PL00002'));
    expect(second.connected).toBe(true);
    await endClient(second);
  });
});
