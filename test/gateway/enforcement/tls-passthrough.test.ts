import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type Identity } from '../../../pki/authority.ts';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { clientAddress, listenOn } from './echo-lab.ts';

const topology = readTopologyFile();

describe('TLS through the gateway', () => {
  let gateway: Gateway;
  let server: Identity;
  let root: string;

  beforeAll(async () => {
    const authority = CertificateAuthority.init(tempDir('pumplab-gateway-tls-'));
    server = authority.issue({ name: 'pump-server', role: 'service', dnsNames: ['pump-server.lab'] });
    root = server.rootPem;
    const tlsServer = tls.createServer({ cert: server.chainPem, key: server.privateKeyPem }, (socket) => {
      socket.on('error', () => socket.destroy());
      socket.pipe(socket);
    });
    const mqtt = await listenOn(tlsServer, topology.service('mqtt')?.address ?? '127.0.0.1');
    const policy = readPolicyFile(shippedPolicyPath('segmented'), topology);
    gateway = await startGateway({ topology, policy, listenPorts: 'ephemeral', upstreams: { mqtt } });
  });
  afterAll(() => gateway.close());

  it("passes the handshake untouched: the client verifies the real server's certificate", async () => {
    // The TCP leg starts from a pump-network address; TLS runs over it to the real server.
    const tcp = net.connect({
      ...gateway.endpoint('mqtt'),
      localAddress: clientAddress(topology, 'pump-network'),
    });
    const socket = tls.connect({
      socket: tcp,
      servername: 'pump-server.lab',
      ca: root,
    });
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    expect(socket.authorized).toBe(true);
    const serial = socket.getPeerCertificate().serialNumber.replace(/^0+/, '').toLowerCase();
    expect(serial).toBe(server.serial.replace(/^0+/, '').toLowerCase());
    const echoed = new Promise<string>((resolve) =>
      socket.once('data', (chunk) => resolve(chunk.toString())),
    );
    socket.write('telemetry');
    expect(await echoed).toBe('telemetry');
    socket.destroy();
  });
});
