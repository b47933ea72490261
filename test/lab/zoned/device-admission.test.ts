import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { revokeInChildProcess } from '../../helpers/revoke-in-child.ts';
import { gatewayEndpoint } from '../../helpers/lab-network.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { startZonedLab } from './zoned-lab.ts';

/** Opens a TCP connection from `localAddress` and resolves once it is accepted or cut. */
const connectFrom = (target: { host: string; port: number }, localAddress: string): Promise<void> =>
  new Promise((resolve) => {
    const socket = net.connect({ ...target, localAddress });
    socket.once('error', () => resolve());
    socket.once('close', () => resolve());
  });

/**
 * 802.1X-like admission at the gateway (SP 1800-8 Vol B 4.3): a pump joins the pump network only
 * after presenting a valid device certificate; anything else in that network is quarantined.
 */
describe('the zoned lab with device admission on', () => {
  let lab: EmbeddedLab;

  beforeAll(async () => {
    lab = await startZonedLab('device-admission', { admission: true });
  });

  afterAll(() => lab?.close());

  it('admits every pump of the ward by its certificate, and they report through the gateway', async () => {
    const admitted = lab.network.admission!.log.query({ verdict: 'admitted', limit: 100 });
    expect(admitted.map((record) => record.identity).sort()).toEqual([
      'PL00001',
      'PL00002',
      'PL00003',
      'PL00004',
    ]);
    expect(admitted.map((record) => record.address).sort()).toEqual([
      '127.10.0.10',
      '127.10.0.11',
      '127.10.0.12',
      '127.10.0.13',
    ]);
    await waitFor(
      () => lab.server.inventory.list({ online: true }).items.length === 4 || undefined,
      '4 online',
    );
  });

  it('holds a device that never presented a certificate in quarantine: refused, logged, alerted', async () => {
    const rogue = '127.10.0.250';
    await connectFrom(gatewayEndpoint(lab.description, 'mqtt'), rogue);
    const [decision] = lab.network.gateway!.decisions.query({ fromZone: 'quarantine', limit: 1 });
    expect(decision).toMatchObject({ fromAddress: rogue, verdict: 'deny', service: 'mqtt' });
    const alert = await waitFor(
      () =>
        lab.network
          .monitor!.alerts.query({ kind: 'quarantined-device' })
          .find((a) => a.source.address === rogue),
      'a quarantined-device alert',
    );
    expect(alert.source.zone).toBe('quarantine');
  });

  it('evicts a pump whose certificate is revoked: its next connection is refused from quarantine', async () => {
    const { stateDir } = lab.description;
    const authority = CertificateAuthority.open(stateDir);
    const serial = authority.identity('pump-PL00002').serial;
    authority.close();
    await revokeInChildProcess(stateDir, serial);
    await waitFor(
      () => lab.network.admission!.log.query({ verdict: 'evicted', identity: 'PL00002', limit: 1 })[0],
      'PL00002 evicted',
    );
    lab.fleet.link('PL00002')!.dropConnection();
    const refused = await waitFor(
      () =>
        lab.network
          .gateway!.decisions.query({ fromZone: 'quarantine', limit: 100 })
          .find((d) => d.fromAddress === '127.10.0.11'),
      'the revoked pump refused',
    );
    expect(refused).toMatchObject({ verdict: 'deny', service: 'mqtt' });
    expect(lab.network.admission!.table.isAdmitted('127.10.0.12')).toBe(true);
  });
});
