import tls from 'node:tls';
import { MqttClient } from 'mqtt';
import { brokerSocketBuilder } from '../../../simulators/pump/network/broker-socket.ts';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { connackCode, evidenceCodes } from '../evidence.ts';
import { closedFailure, failureOf, timeoutFailure, type ClientFailure } from './failure.ts';

/** Real milliseconds for CONNECT to CONNACK, SUBSCRIBE to SUBACK, PUBLISH to PUBACK. */
export const mqttDefaults = { timeoutMs: 5_000 };

/** Who the client says it is. */
export interface MqttIdentity {
  clientId: string;
  username?: string;
  /** A client certificate to present over TLS (a stolen device's); none for one-way TLS. */
  credential?: { certificatePem: string; keyPem: string };
}

export type MqttConnected = { ok: true; session: MqttSession } | ClientFailure;

/**
 * Connects to the lab broker (MQTT 3.1.1 over TLS, checking no server certificate) from the
 * attacker's address, without reconnecting. A refused CONNACK comes back as `CONNACK-n`, a TLS
 * alert or reset as its code.
 *
 * @example const connected = await connectMqtt(endpoint, '127.40.0.200', { clientId: 'mqttjs_1f2e' });
 */
export function connectMqtt(
  target: Endpoint,
  localAddress: string,
  identity: MqttIdentity,
  timeoutMs = mqttDefaults.timeoutMs,
): Promise<MqttConnected> {
  const credential = identity.credential;
  const openSocket = brokerSocketBuilder({
    brokerUrl: `mqtts://${target.host}:${target.port}`,
    ...(credential
      ? {
          secureContext: tls.createSecureContext({ cert: credential.certificatePem, key: credential.keyPem }),
        }
      : {}),
    ...(target.servername ? { servername: target.servername } : {}),
    localAddress,
    rejectUnauthorized: false,
  });
  let handshaken = false;
  const openTracked = (): ReturnType<typeof openSocket> => {
    const socket = openSocket();
    socket.once('secureConnect', () => (handshaken = true));
    return socket;
  };
  const client = new MqttClient(openTracked, {
    clientId: identity.clientId,
    ...(identity.username === undefined ? {} : { username: identity.username }),
    protocolVersion: 4,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 0,
    connectTimeout: timeoutMs,
  });
  return new Promise((resolve) => {
    let failure: ClientFailure | undefined;
    let settled = false;
    const settle = (outcome: MqttConnected): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.off('connect', onConnect).off('close', onClose);
      if (!outcome.ok) client.end(true);
      resolve(outcome);
    };
    const onConnect = (): void => settle({ ok: true, session: new MqttSession(client, timeoutMs) });
    const onClose = (): void => settle(failure ?? closedFailure('CONNACK', handshaken));
    client.on('error', (error: Error & { code?: unknown }) => {
      failure =
        typeof error.code === 'number'
          ? { ok: false, code: connackCode(error.code), line: error.message }
          : failureOf(error);
      if (!client.connected) settle(failure);
    });
    const timer = setTimeout(() => settle(timeoutFailure('CONNACK', timeoutMs)), timeoutMs);
    client.once('connect', onConnect).once('close', onClose);
  });
}

/** One connected MQTT session: subscribe, publish QoS 1, read what arrives, close. */
export class MqttSession {
  private readonly closed: Promise<void>;

  constructor(
    readonly client: MqttClient,
    private readonly timeoutMs: number,
  ) {
    this.closed = new Promise((resolve) => client.once('close', () => resolve()));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Calls `listener` with every message the broker delivers. */
  onMessage(listener: (topic: string, payload: Buffer) => void): void {
    this.client.on('message', (topic, payload) => listener(topic, payload));
  }

  /** Resolves when the broker drops the session (a takeover, a revocation, a refused publish). */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** Subscribes at QoS 1; a refusal is the SUBACK's 0x80 (MQTT 3.1.1 3.9.3). */
  subscribe(filter: string): Promise<{ ok: true } | ClientFailure> {
    return this.bounded('SUBACK', (done) =>
      this.client.subscribe(filter, { qos: 1 }, (error, granted) => {
        if (error) done(failureOf(error));
        else if (granted?.[0]?.qos === 128)
          done({ ok: false, code: evidenceCodes.subackRefused, line: `subscription to ${filter} refused` });
        else done({ ok: true });
      }),
    );
  }

  /**
   * Publishes at QoS 1 and resolves on PUBACK. A broker that refuses a publish closes the
   * connection (MQTT 3.1.1 has no negative PUBACK, 3.3.5): that is PUBACK_MISSING.
   */
  publish(topic: string, payload: string, retain = false): Promise<{ ok: true } | ClientFailure> {
    return this.bounded('PUBACK', (done) =>
      this.client.publish(topic, payload, { qos: 1, retain }, (error) =>
        done(error ? { ok: false, code: evidenceCodes.pubackMissing, line: error.message } : { ok: true }),
      ),
    );
  }

  /** Closes the connection at once and waits until the socket is gone. */
  async close(): Promise<void> {
    if (!this.client.disconnected) this.client.end(true);
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, this.timeoutMs))]);
  }

  private bounded(
    what: string,
    start: (done: (outcome: { ok: true } | ClientFailure) => void) => void,
  ): Promise<{ ok: true } | ClientFailure> {
    if (!this.client.connected) return Promise.resolve(closedFailure(what));
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: { ok: true } | ClientFailure): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => done(timeoutFailure(what, this.timeoutMs)), this.timeoutMs);
      void this.closed.then(() =>
        done(
          what === 'PUBACK'
            ? { ok: false, code: evidenceCodes.pubackMissing, line: 'the broker closed the connection' }
            : closedFailure(what),
        ),
      );
      start(done);
    });
  }
}
