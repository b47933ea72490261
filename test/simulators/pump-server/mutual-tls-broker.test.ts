import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority } from '../../../pki/authority.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import { pumpTopic } from '../../../simulators/contract/topics.ts';
import {
  attemptConnect,
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
import { payload, statusMessage } from '../../helpers/pump-messages.ts';
import { revokeInChildProcess } from '../../helpers/revoke-in-child.ts';

let authority: CertificateAuthority;
let foreign: CertificateAuthority;
let server: PumpServer;
let port: number;
let rootPem: string;
let dir: string;

beforeAll(async () => {
  const lab = labPki();
  dir = lab.dir;
  authority = lab.authority;
  rootPem = authority.rootPem();
  foreign = labPki().authority;
  ({ server, port } = await startPumpServer(lab.dir));
});

afterAll(async () => {
  await server.close();
  authority.close();
  foreign.close();
});

describe('the pump server broker with mutual TLS', () => {
  it('stores the status of a pump with a valid device certificate and lists it in the inventory', async () => {
    const pump = await connectPump(
      clientOptions(port, rootPem, pumpIdentity(authority, 'PL00001'), { clientId: 'PL00001' }),
    );
    await publishAcked(pump, pumpTopic('PL00001', 'status'), payload(statusMessage('PL00001', 0)), true);
    await endClient(pump);

    expect(server.store.events.messages({ serial: 'PL00001' }).items).toMatchObject([
      { serial: 'PL00001', seq: 0, channel: 'status', type: 'status' },
    ]);
    expect(server.inventory.get('PL00001')).toMatchObject({
      model: 'LabPump 3000',
      firmware: '2.1.0',
      libraryVersion: '2025.1',
      careArea: 'icu',
      state: 'standby',
    });
    await eventually(() => server.inventory.get('PL00001')?.online === false);
  });

  it('marks a pump online while its session is open', async () => {
    const pump = await connectPump(
      clientOptions(port, rootPem, pumpIdentity(authority, 'PL00002'), { clientId: 'PL00002' }),
    );
    await eventually(() => server.inventory.get('PL00002')?.online === true);
    await endClient(pump);
    await eventually(() => server.inventory.get('PL00002')?.online === false);
  });

  it('refuses a client without a certificate at the handshake', async () => {
    const attempt = await attemptConnect(clientOptions(port, rootPem, undefined, { clientId: 'PL00003' }));
    expect(attempt.connected).toBe(false);
    await eventually(() => server.securityEvents.recent('tls-failure').length > 0);
    expect(server.securityEvents.recent('tls-failure').at(-1)).toMatchObject({
      code: 'BROKER_TLS_HANDSHAKE_FAILED',
      detail: expect.stringContaining('PEER_DID_NOT_RETURN_A_CERTIFICATE'),
    });
  });

  it('refuses a certificate from another lab’s CA', async () => {
    const impostor = pumpIdentity(foreign, 'PL00004');
    const attempt = await attemptConnect(clientOptions(port, rootPem, impostor, { clientId: 'PL00004' }));
    expect(attempt.connected).toBe(false);
    await eventually(() =>
      server.securityEvents.recent().some((event) => event.code === 'PKI_CERT_UNTRUSTED'),
    );
  });

  it('closes the session of a certificate revoked by another process, and refuses it from then on', async () => {
    const stolen = pumpIdentity(authority, 'PL00005');
    const open = await connectPump(clientOptions(port, rootPem, stolen, { clientId: 'PL00005' }));
    const cut = closed(open);
    await revokeInChildProcess(dir, stolen.serial);
    // The reloader installs the child's CRL, then closes sessions it revokes (RFC 5280 6.3).
    await cut;
    await endClient(open);
    expect(server.securityEvents.recent('auth-denied').at(-1)).toMatchObject({
      code: 'PKI_CERT_REVOKED',
      identity: 'PL00005',
    });
    const attempt = await attemptConnect(clientOptions(port, rootPem, stolen, { clientId: 'PL00005' }));
    expect(attempt.connected).toBe(false);
    await eventually(() =>
      server.securityEvents.recent('tls-failure').some((event) => event.code === 'PKI_CERT_REVOKED'),
    );
    expect(server.store.events.count({ serial: 'PL00005' })).toBe(0);
  });

  it('refuses CONNACK 0x02 to a pump whose client id is not its serial', async () => {
    const attempt = await attemptConnect(
      clientOptions(port, rootPem, pumpIdentity(authority, 'PL00006'), { clientId: 'PL00099' }),
    );
    expect(attempt).toMatchObject({ connected: false });
    expect(server.securityEvents.recent('auth-denied').at(-1)).toMatchObject({
      code: 'BROKER_AUTH_DENIED',
      identity: 'PL00006',
      clientId: 'PL00099',
    });
  });
});
