import net from 'node:net';
import tls from 'node:tls';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { closedFailure, failureOf, timeoutFailure, type ClientFailure } from './failure.ts';

/** Real milliseconds a connection (and its TLS handshake) may take before the client gives up. */
export const dialDefaults = { timeoutMs: 5_000 };

/** How to dial: from which local address, in clear or over TLS, with a client certificate or none. */
export interface DialOptions {
  localAddress: string;
  tls: boolean;
  /** A client certificate and key to present (a stolen device's); none by default. */
  credential?: { certificatePem: string; keyPem: string };
  timeoutMs?: number;
}

export type Dialed = { ok: true; socket: net.Socket } | ClientFailure;

/**
 * Opens a TCP connection (and a TLS handshake, checking no certificate: the attacker does not care
 * whom it talks to) from `localAddress`, the attacker's address in its zone. Resolves once the
 * connection is up; a refusal, reset, TLS alert or timeout resolves as a failure and the socket is
 * destroyed. The caller owns a connected socket and must destroy it.
 */
export function dial(target: Endpoint, options: DialOptions): Promise<Dialed> {
  const timeoutMs = options.timeoutMs ?? dialDefaults.timeoutMs;
  // @types/node leaves localAddress out of tls.ConnectionOptions; tls.connect takes net.connect's.
  const from = { localAddress: options.localAddress };
  const where = { host: target.host, port: target.port };
  const socket = options.tls
    ? tls.connect({
        ...where,
        ...from,
        rejectUnauthorized: false,
        // SNI carries names only (RFC 6066 3); the lab's endpoints are addresses.
        ...(target.servername && net.isIP(target.servername) === 0 ? { servername: target.servername } : {}),
        ...(options.credential
          ? { cert: options.credential.certificatePem, key: options.credential.keyPem }
          : {}),
      })
    : net.connect({ ...where, ...from });
  return new Promise((resolve) => {
    const settle = (outcome: Dialed): void => {
      clearTimeout(timer);
      socket.off('error', onError).off('close', onClose);
      if (outcome.ok)
        socket.on('error', () => undefined); // later errors surface as 'close' to the caller
      else socket.destroy();
      resolve(outcome);
    };
    const onError = (error: Error): void => settle(failureOf(error));
    const onClose = (): void => settle(closedFailure('the handshake'));
    const timer = setTimeout(() => settle(timeoutFailure('connection', timeoutMs)), timeoutMs);
    socket.once('error', onError).once('close', onClose);
    socket.once(options.tls ? 'secureConnect' : 'connect', () => settle({ ok: true, socket }));
  });
}

/**
 * Waits for the first bytes a service sends (a banner), or for the reset with which a gateway or a
 * host firewall cuts a connection it accepted. Destroys the socket either way.
 */
export function firstBytes(
  socket: net.Socket,
  timeoutMs = dialDefaults.timeoutMs,
): Promise<{ ok: true } | ClientFailure> {
  return new Promise((resolve) => {
    const settle = (outcome: { ok: true } | ClientFailure): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle(timeoutFailure('banner', timeoutMs)), timeoutMs);
    socket.once('data', () => settle({ ok: true }));
    socket.once('error', (error) => settle(failureOf(error)));
    socket.once('close', () => settle(closedFailure('a banner')));
  });
}
