import https from 'node:https';
import net from 'node:net';
import mqtt from 'mqtt';

/** A spare address in the zone of `address` (its last octet .200), where a test's client speaks from. */
export const spareBeside = (address: string): string => address.replace(/\.\d+$/, '.200');

/**
 * An MQTT client that presents no certificate and does not check the broker's: the broker's answer
 * to its CONNECT. `accepted` is a CONNACK 0; anything else (a refused handshake, a refused CONNECT)
 * is `refused`.
 */
export function mqttWithoutCertificate(
  broker: { host: string; port: number },
  localAddress: string,
  clientId = 'laptop-7',
): Promise<'accepted' | 'refused'> {
  return new Promise((resolve) => {
    const client = mqtt.connect(`mqtts://${broker.host}:${broker.port}`, {
      clientId,
      rejectUnauthorized: false,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      localAddress,
    } as mqtt.IClientOptions);
    const settle = (outcome: 'accepted' | 'refused'): void => {
      client.end(true);
      resolve(outcome);
    };
    client.once('connect', () => settle('accepted'));
    client.once('error', () => settle('refused'));
    client.once('close', () => settle('refused'));
  });
}

/** An HTTPS GET without a client certificate: the status code, or `refused` when TLS failed. */
export function httpsWithoutCertificate(
  server: { host: string; port: number },
  localAddress: string,
  path = '/api/v1/pumps',
): Promise<number | 'refused'> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: server.host, port: server.port, path, localAddress, rejectUnauthorized: false, agent: false },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.once('error', () => resolve('refused'));
  });
}

/** Opens `count` TCP connections from `localAddress` at once and closes each once it is decided. */
export async function connectionBurst(
  target: { host: string; port: number },
  localAddress: string,
  count: number,
): Promise<void> {
  const attempts = Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve) => {
        const socket = net.connect({ ...target, localAddress });
        const done = (): void => {
          socket.destroy();
          resolve();
        };
        socket.once('connect', done);
        socket.once('error', done);
      }),
  );
  await Promise.all(attempts);
}

/** Open TCP listeners and sockets of this process (Node's active resources). */
export function openTcpHandles(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === 'TCPServerWrap' || name === 'TCPSocketWrap').length;
}
