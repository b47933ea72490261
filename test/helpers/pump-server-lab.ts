import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import { PumpServer, type PumpServerOptions } from '../../simulators/pump-server/pump-server.ts';
import { tempDir } from './temp-dir.ts';

/** A lab PKI in a fresh temporary directory, with the pump server's own `service` certificate. */
export function labPki(): { dir: string; authority: CertificateAuthority } {
  const dir = tempDir('pumplab-pump-server-');
  const authority = CertificateAuthority.init(dir);
  authority.issue({
    name: 'pump-server',
    role: 'service',
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
  });
  return { dir, authority };
}

/** Issues (once) the device certificate of pump `serial`, named `pump-SERIAL`. */
export function pumpIdentity(authority: CertificateAuthority, serial: string): Identity {
  const name = `pump-${serial}`;
  try {
    return authority.identity(name);
  } catch {
    return authority.issue({ name, role: 'device', deviceSerial: serial });
  }
}

/** Starts a pump server on 127.0.0.1, port 0, over the PKI in `dir`. */
export async function startPumpServer(
  dir: string,
  options: Partial<PumpServerOptions> = {},
): Promise<{ server: PumpServer; port: number }> {
  const server = new PumpServer({ stateDir: dir, ...options });
  const { mqtt } = await server.start({ host: '127.0.0.1', mqttPort: 0 });
  return { server, port: mqtt.port };
}

/** What an MQTT client needs to reach the lab broker, presenting `identity` (or no certificate). */
export function clientOptions(
  port: number,
  rootPem: string,
  identity: Pick<Identity, 'privateKeyPem' | 'chainPem'> | undefined,
  options: Partial<IClientOptions> = {},
): IClientOptions {
  return {
    protocol: 'mqtts',
    host: '127.0.0.1',
    port,
    ca: rootPem,
    ...(identity ? { key: identity.privateKeyPem, cert: identity.chainPem } : {}),
    rejectUnauthorized: true,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  };
}

/** The outcome of one connection attempt: connected, or the error that ended it. */
export type Attempt = { connected: true; client: MqttClient } | { connected: false; error: string };

/** Connects and waits for CONNACK or failure; a failed client is already ended. */
export async function attemptConnect(options: IClientOptions): Promise<Attempt> {
  const client = connect(options);
  const outcome = await new Promise<Attempt>((resolve) => {
    client.once('connect', () => resolve({ connected: true, client }));
    client.once('error', (error: Error & { code?: string | number }) =>
      resolve({ connected: false, error: String(error.code ?? error.message) }),
    );
    client.once('close', () => resolve({ connected: false, error: 'closed' }));
  });
  if (!outcome.connected) client.end(true);
  return outcome;
}

/**
 * Connects or throws. Later socket errors (a reset when the broker drops the client) are left to
 * the tests, which watch for `close`.
 */
export async function connectPump(options: IClientOptions): Promise<MqttClient> {
  const attempt = await attemptConnect(options);
  if (!attempt.connected) throw new Error(`pump could not connect: ${attempt.error}`);
  attempt.client.on('error', () => undefined);
  return attempt.client;
}

/** Ends a client (if still open) and waits until its socket is closed. */
export async function endClient(client: MqttClient): Promise<void> {
  if (client.disconnected || client.disconnecting) return;
  await client.endAsync(true).catch(() => undefined);
}

/** Publishes QoS 1 and resolves on PUBACK. */
export function publishAcked(client: MqttClient, topic: string, body: Buffer, retain = false): Promise<void> {
  return new Promise((resolve, reject) =>
    client.publish(topic, body, { qos: 1, retain }, (error) => (error ? reject(error) : resolve())),
  );
}

/** Resolves when `client`'s connection closes (the broker dropped it). */
export async function closed(client: MqttClient): Promise<void> {
  if (!client.connected) return;
  // Not events.once: it would reject on the socket error (a reset) that precedes the close.
  await new Promise<void>((resolve) => client.once('close', () => resolve()));
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes. */
export async function eventually(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
