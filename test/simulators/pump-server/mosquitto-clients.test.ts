import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificateAuthority, Identity } from '../../../pki/authority.ts';
import type { PumpServer } from '../../../simulators/pump-server/pump-server.ts';
import { commandSchema } from '../../../simulators/contract/server-commands.ts';
import { pumpTopic } from '../../../simulators/contract/topics.ts';
import { eventually, labPki, pumpIdentity, startPumpServer } from '../../helpers/pump-server-lab.ts';
import { hasMosquittoClients, runTool, startTool, tlsArgs } from '../../helpers/mosquitto-clients.ts';
import { sentAt, statusMessage, testBoot } from '../../helpers/pump-messages.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const hasMosquitto = hasMosquittoClients();
const reason = 'mosquitto_pub/mosquitto_sub not on the PATH; apt-get install -y mosquitto-clients';

const title = 'Mosquitto’s clients against the lab broker';
// The default reporter shows only a count of skipped tests: say why on stderr as well.
if (!hasMosquitto) process.stderr.write(`${title}: skipped, ${reason}\n`);

describe.skipIf(!hasMosquitto)(hasMosquitto ? title : `${title} (skipped: ${reason})`, () => {
  const files = tempDir('pumplab-mosquitto-');
  let authority: CertificateAuthority;
  let server: PumpServer;
  let port: number;
  let rootPem: string;
  let pump: Identity;

  beforeAll(async () => {
    const lab = labPki();
    authority = lab.authority;
    rootPem = authority.rootPem();
    pump = pumpIdentity(authority, 'PL00042');
    ({ server, port } = await startPumpServer(lab.dir));
  });

  afterAll(async () => {
    await server.close();
    authority.close();
  });

  /** Common arguments: MQTT 3.1.1, QoS 1, the broker on loopback, the pump's serial as client id. */
  const base = (identity?: Identity): string[] => [
    ...['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311', '-q', '1', '-i', 'PL00042'],
    ...tlsArgs(files, rootPem, identity),
  ];

  it('mosquitto_pub with a lab device certificate publishes a status that is stored', async () => {
    const message = JSON.stringify(statusMessage('PL00042', 1, { firmware: '3.0.1' }));
    const result = await runTool('mosquitto_pub', [
      ...base(pump),
      '-t',
      pumpTopic('PL00042', 'status'),
      '-m',
      message,
    ]);
    expect(result, result.stderr).toMatchObject({ status: 0 });
    expect(server.store.events.count({ serial: 'PL00042', channel: 'status' })).toBe(1);
    expect(server.inventory.get('PL00042')).toMatchObject({ firmware: '3.0.1' });
  });

  it('mosquitto_pub without a client certificate cannot connect', async () => {
    const message = JSON.stringify(statusMessage('PL00042', 2));
    const result = await runTool('mosquitto_pub', [
      ...base(),
      '-t',
      pumpTopic('PL00042', 'status'),
      '-m',
      message,
    ]);
    expect(result.status).not.toBe(0);
    expect(server.store.events.count({ serial: 'PL00042', channel: 'status' })).toBe(1);
  });

  it('mosquitto_sub receives its own command and mosquitto_pub answers it', async () => {
    // stdbuf (coreutils): mosquitto_sub's stdout is a pipe, so its debug lines would wait in a buffer.
    const subArgs = [...base(pump), '-d', '-C', '1', '-t', pumpTopic('PL00042', 'commands')];
    const sub = startTool('stdbuf', ['-oL', 'mosquitto_sub', ...subArgs]);
    let output = '';
    sub.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => output.includes('received SUBACK'));
    const answer = server.commands.send('PL00042', { kind: 'report-status' }, { timeoutMs: 10_000 });
    const { stdout } = await sub.done;
    const line = stdout.split('\n').find((text) => text.startsWith('{'));
    const command = commandSchema.parse(JSON.parse(line ?? '{}'));
    expect(command.kind).toBe('report-status');

    const result = {
      serial: 'PL00042',
      boot: testBoot,
      seq: 3,
      sentAt: sentAt(3),
      commandId: command.commandId,
    };
    const published = await runTool('mosquitto_pub', [
      ...base(pump),
      ...[
        '-t',
        pumpTopic('PL00042', 'command-results'),
        '-m',
        JSON.stringify({ ...result, outcome: 'accepted' }),
      ],
    ]);
    expect(published.status, published.stderr).toBe(0);
    await expect(answer).resolves.toMatchObject({ commandId: command.commandId, outcome: 'accepted' });
  });

  it('mosquitto_sub is denied another pump’s commands', async () => {
    const result = await runTool('mosquitto_sub', [
      ...base(pump),
      '-C',
      '1',
      '-W',
      '2',
      '-t',
      pumpTopic('PL00043', 'commands'),
    ]);
    expect(result.stderr).toContain('denied');
    expect(server.securityEvents.recent('subscribe-denied').at(-1)).toMatchObject({ identity: 'PL00042' });
  });
});
