import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../core/clock.ts';
import { ensureLabPki } from '../../lab/setup/ensure-lab-pki.ts';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../pki/tls/tls-material.ts';
import { Fleet } from '../../simulators/fleet/fleet.ts';
import { everyPump, parsePumpTopic, pumpTopic } from '../../simulators/contract/topics.ts';
import type { MqttLink } from '../../simulators/pump/network/mqtt-link.ts';
import type { Pump } from '../../simulators/pump/pump.ts';
import { contractErrors } from '../helpers/contract-validator.ts';
import { lonePump } from '../helpers/lone-pump.ts';
import {
  hasMosquittoBroker,
  startMosquitto,
  subscribeLines,
  type LineSubscriber,
  type MosquittoBroker,
} from '../helpers/mosquitto-broker.ts';
import { hasMosquittoClients, runTool, tlsArgs } from '../helpers/mosquitto-clients.ts';
import { attemptConnect, clientOptions, endClient } from '../helpers/pump-server-lab.ts';
import { PumpMessageLog } from '../helpers/pump-message-log.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

const hasMosquitto = hasMosquittoBroker() && hasMosquittoClients();
const reason =
  'mosquitto and mosquitto_pub/_sub not on the PATH; apt-get install -y mosquitto mosquitto-clients';
const title = 'a ward of 10 pumps on a Mosquitto broker with mutual TLS and lab certificates';
// The default reporter shows only a count of skipped tests: say why on stderr as well.
if (!hasMosquitto) process.stderr.write(`${title}: skipped, ${reason}\n`);

const pumps = 10;
/** Issued with the ward, revoked before anything starts. */
const revokedSerial = 'PL00011';

/** A `{topic} {payload}` line of `mosquitto_sub -v`, split at the first space. */
function splitLine(line: string): { topic: string; payload: unknown } {
  const space = line.indexOf(' ');
  return { topic: line.slice(0, space), payload: JSON.parse(line.slice(space + 1)) as unknown };
}

describe.skipIf(!hasMosquitto)(hasMosquitto ? title : `${title} (skipped: ${reason})`, () => {
  const stateDir = tempDir('pumplab-mosquitto-ward-');
  const files = tempDir('pumplab-mosquitto-files-');
  const clock = new ScaledClock(60);
  const log = new PumpMessageLog();
  const brokers: MosquittoBroker[] = [];
  const subscribers: LineSubscriber[] = [];
  let broker: MosquittoBroker;
  let fleet: Fleet;
  let service: Identity;
  let revoked: TlsMaterial;
  let lone: { pump: Pump; link: MqttLink } | undefined;

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: pumps + 1 });
    // Keep the pump's key and chain before revoking: the PKI serves only valid certificates.
    revoked = loadTlsMaterial(stateDir, `pump-${revokedSerial}`);
    const authority = CertificateAuthority.open(stateDir);
    try {
      authority.revoke(revoked.serial, 'keyCompromise');
      service = authority.identity('ehr');
    } finally {
      authority.close();
    }
    broker = await startMosquitto({ dir: files, stateDir, checkRevocation: true });
    brokers.push(broker);
    fleet = await Fleet.start({
      stateDir,
      brokerUrl: `mqtts://127.0.0.1:${broker.port}`,
      count: pumps,
      seed: 'e2e-mosquitto',
      clock,
      statusIntervalMs: 30_000,
    });
    for (const serial of fleet.serials) {
      const pump = fleet.pump(serial);
      if (pump) log.watch(serial, pump);
    }
  });

  afterAll(async () => {
    log.close();
    await lone?.link.close();
    await lone?.pump.close();
    await fleet?.close();
    for (const subscriber of subscribers) await subscriber.stop();
    for (const each of brokers) await each.close();
  });

  /** mosquitto_pub/_sub arguments: MQTT 3.1.1 to `port`, presenting the lab `ehr` service certificate. */
  const clientArgs = (port: number): string[] => [
    ...['-h', '127.0.0.1', '-p', String(port), '-V', 'mqttv311', '-q', '1'],
    ...tlsArgs(files, service.rootPem, service),
  ];

  it('delivers every pump’s status to mosquitto_sub, each valid against the published JSON Schema', async () => {
    const subscriber = subscribeLines([...clientArgs(broker.port), '-t', everyPump('status')]);
    subscribers.push(subscriber);
    const serials = await waitFor(() => {
      const seen = new Set(subscriber.lines().map((line) => parsePumpTopic(splitLine(line).topic)?.serial));
      return seen.size === pumps ? seen : undefined;
    }, `statuses of ${pumps} pumps via mosquitto_sub`);
    expect([...serials].sort()).toEqual(fleet.serials);
    expect(fleet.stats().connected).toBe(pumps);
    for (const line of subscriber.lines()) {
      const { topic, payload } = splitLine(line);
      expect(parsePumpTopic(topic)?.channel).toBe('status');
      expect(contractErrors('status', payload), line).toEqual([]);
      expect(payload).toMatchObject({ serial: parsePumpTopic(topic)?.serial });
    }
  });

  it('refuses a pump whose certificate was revoked before start, once crlfile holds the CRL', async () => {
    const identity = { privateKeyPem: revoked.key, chainPem: revoked.cert };
    const options = { clientId: revokedSerial };
    const attempt = await attemptConnect(clientOptions(broker.port, revoked.ca, identity, options));
    // TLS alert 44 (RFC 8446 6.2): Mosquitto's OpenSSL found the serial on the device CA's CRL.
    expect(attempt).toEqual({ connected: false, error: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED' });

    // The pump itself: it keeps retrying and never gets a session.
    lone = lonePump({
      serial: revokedSerial,
      clock,
      brokerUrl: `mqtts://127.0.0.1:${broker.port}`,
      tls: { key: revoked.key, cert: revoked.cert, ca: revoked.ca },
      link: { backoff: { initialMs: 50, maxMs: 200 } },
    });
    lone.pump.start();
    lone.link.start();
    await lone.link.firstAttempt();
    await waitFor(() => lone && lone.link.stats.reconnects >= 3, 'three attempts of the revoked pump');
    expect(lone.link.stats).toMatchObject({ connected: false, acknowledged: 0 });

    // Control: the same certificate on a Mosquitto without crlfile gets in, so the CRL is the refusal.
    const lax = await startMosquitto({ dir: files, stateDir, checkRevocation: false });
    brokers.push(lax);
    const admitted = await attemptConnect(clientOptions(lax.port, revoked.ca, identity, options));
    expect(admitted.connected).toBe(true);
    if (admitted.connected) await endClient(admitted.client);
  });

  it('starts an infusion on a program command sent with mosquitto_pub', async () => {
    const serial = 'PL00001';
    const results = subscribeLines([...clientArgs(broker.port), '-t', pumpTopic(serial, 'command-results')]);
    subscribers.push(results);
    const command = {
      commandId: 'mosquitto-program-1',
      issuedAt: new Date(clock.now()).toISOString(),
      kind: 'program',
      order: {
        infusionId: 'inf-mosquitto-1',
        drugId: 'normal-saline',
        rate: 120,
        vtbi: 250,
        autoStart: true,
      },
    };
    expect(contractErrors('commands', command)).toEqual([]);
    // The subscription must be in place before the result is published (results are not retained).
    await waitFor(
      () => broker.log().includes(`${pumpTopic(serial, 'command-results')}`),
      'the results subscription',
    );
    const sent = await runTool('mosquitto_pub', [
      ...clientArgs(broker.port),
      '-t',
      pumpTopic(serial, 'commands'),
      '-m',
      JSON.stringify(command),
    ]);
    expect(sent, sent.stderr).toMatchObject({ status: 0 });

    const started = await waitFor(
      () => log.events(serial, (event) => event.type === 'infusion-started')[0],
      'the pump starting the infusion',
    );
    expect(started).toMatchObject({
      state: 'infusing',
      infusion: { infusionId: 'inf-mosquitto-1', rate: 120 },
    });
    const result = await waitFor(
      () => results.lines().find((line) => line.includes(command.commandId)),
      'the command result via Mosquitto',
    );
    const { payload } = splitLine(result);
    expect(contractErrors('command-results', payload)).toEqual([]);
    expect(payload).toMatchObject({ serial, commandId: command.commandId, outcome: 'accepted' });
  });
});
