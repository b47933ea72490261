import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttackerKit } from '../../../scenarios/actions/attacker-kit.ts';
import { scan } from '../../../scenarios/actions/scan.ts';
import { fakeContext } from './fake-lab.ts';

/** Real listeners on 127.0.0.1: a TLS service, a console with a banner, one that resets, a closed port. */
const servers: net.Server[] = [];
let ports: { tls: number; console: number; resetting: number; closed: number };

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  const { signer } = createAttackerKit();
  const secure = tls.createServer({ cert: signer.certificatePem, key: signer.privateKeyPem }, (socket) =>
    socket.on('error', () => undefined),
  );
  const banner = net.createServer((socket) =>
    socket.end('pumplab LVP-500 infusion pump: maintenance shell\r\nOK ready\r\n'),
  );
  const resetting = net.createServer((socket) => socket.resetAndDestroy());
  const gone = net.createServer();
  const closed = await listen(gone);
  await new Promise((resolve) => gone.close(resolve));
  servers.pop();
  ports = {
    tls: await listen(secure),
    console: await listen(banner),
    resetting: await listen(resetting),
    closed,
  };
});

afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

const at = (port: number) => ({ host: '127.0.0.1', port });

describe('the scan action', () => {
  it('records the TLS service and the console that answered in loot.found, and is done', async () => {
    const context = fakeContext({ endpoints: { rest: at(ports.tls) }, consoles: [at(ports.console)] });
    const report = await scan.run(context, { services: ['rest', 'pump-maintenance'] });
    expect(report.status).toBe('done');
    expect([...context.loot.found]).toEqual([
      [`127.0.0.1:${ports.tls}`, 'rest'],
      [`127.0.0.1:${ports.console}`, 'pump-maintenance'],
    ]);
    expect(report.evidence.map((item) => item.code)).toEqual(['ANSWERED', 'ANSWERED']);
  });

  it('is blocked when nothing answers, with each refusal’s errno', async () => {
    const context = fakeContext({
      endpoints: { mqtt: at(ports.closed), hl7: at(ports.resetting) },
      consoles: [at(ports.resetting)],
    });
    const report = await scan.run(context, { services: ['mqtt', 'hl7', 'ehr-rest', 'pump-maintenance'] });
    expect(report.status).toBe('blocked');
    expect(report.evidence.map((item) => item.code)).toEqual([
      'ECONNREFUSED',
      'ECONNRESET',
      'NO_ENDPOINT',
      'ECONNRESET',
    ]);
    expect(context.loot.found.size).toBe(0);
  });
});
