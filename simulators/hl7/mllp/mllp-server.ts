import net from 'node:net';
import tls from 'node:tls';
import { systemClock, type Clock } from '../../../core/clock.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import { peerIdentity, verificationError, type PeerIdentity } from '../../../pki/tls/peer-identity.ts';
import { RevocationReloader } from '../../../pki/tls/revocation-reloader.ts';
import { serverTlsOptions, type ServerTlsPolicy, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { Hl7Responder } from '../message/ack.ts';
import { MllpConnection, type ConnectionLimits } from './mllp-connection.ts';
import { framerDefaults } from './mllp-framer.ts';
import type { MllpHandler } from './mllp-responder.ts';
import { MllpSecurityEvents } from './mllp-security-events.ts';
import { guardSources, type AcceptFrom } from '../../net/source-guard.ts';
import { PeerMemory } from '../../net/peer-memory.ts';

/** Defaults of a listener. */
export const mllpServerDefaults = {
  /** Close a connection with no traffic for this long, in milliseconds (5 min). */
  idleTimeoutMs: 300_000,
  /** A frame once started must end within this, in milliseconds: stops slow senders (30 s). */
  readTimeoutMs: 30_000,
  /** Concurrent connections; more are dropped before their TLS handshake. */
  maxConnections: 256,
  /** Largest frame content, in bytes (1 MiB). */
  maxFrameBytes: framerDefaults.maxFrameBytes,
  /** Bytes outside any frame a connection may send before it is closed (64 KiB). */
  maxGarbageBytes: 64 * 1024,
  /** The TLS handshake must finish within this, in milliseconds (10 s). */
  handshakeTimeoutMs: 10_000,
};

export interface MllpServerOptions extends Partial<ConnectionLimits> {
  /** Loopback by default; the embedded lab gives each component its own 127.0.0.0/8 address. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Whom the listener takes connections from (a zoned lab: its own zone); everyone by default. */
  acceptFrom?: AcceptFrom | undefined;
  /**
   * TLS (without it the listener speaks plain TCP, as a flat-2015 posture would). With
   * `policy.requireClientCert` it is mutual TLS; give `stateDir` with `policy.checkRevocation` to
   * reload CRLs as the lab publishes them.
   */
  tls?: { material: TlsMaterial; policy: ServerTlsPolicy; stateDir?: string };
  handler: MllpHandler;
  /** MSH-3/4 of the listener's own ACKs and NAKs; default the MSH-5/6 the sender addressed. */
  responder?: Hl7Responder;
  maxConnections?: number;
  handshakeTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

/** A running listener. */
export interface MllpServer {
  readonly host: string;
  readonly port: number;
  readonly securityEvents: MllpSecurityEvents;
  /** Open connections now. */
  connectionCount(): number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts an HL7 v2 listener over MLLP (over TLS when `tls` is given). Every framed message is
 * answered on its connection, in order; see respondTo for the rules.
 *
 * @example
 * const server = await startMllpServer({ tls: { material, policy }, handler: async (parsed) =>
 *   buildAck(parsed, { code: 'AA', responder }) });
 * // ... await server.close();
 */
export async function startMllpServer(options: MllpServerOptions): Promise<MllpServer> {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? silentLogger).child({ component: 'mllp-server' });
  const events = new MllpSecurityEvents(clock, logger);
  const limits: ConnectionLimits = {
    idleTimeoutMs: options.idleTimeoutMs ?? mllpServerDefaults.idleTimeoutMs,
    readTimeoutMs: options.readTimeoutMs ?? mllpServerDefaults.readTimeoutMs,
    maxFrameBytes: options.maxFrameBytes ?? mllpServerDefaults.maxFrameBytes,
    maxGarbageBytes: options.maxGarbageBytes ?? mllpServerDefaults.maxGarbageBytes,
  };
  const respond = { handler: options.handler, responder: options.responder, clock, logger, events };
  const sockets = new Set<net.Socket>();
  const serve = (socket: net.Socket, identity?: PeerIdentity): void => {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    logger.debug({ peer, identity: identity?.commonName }, 'MLLP connection');
    new MllpConnection(socket, identity ? { peer, identity } : { peer }, limits, respond);
  };

  let server: net.Server;
  let reloader: RevocationReloader | undefined;
  if (options.tls) {
    const { material, policy, stateDir } = options.tls;
    const handshakeTimeout = options.handshakeTimeoutMs ?? mllpServerDefaults.handshakeTimeoutMs;
    const secure = tls.createServer({ ...serverTlsOptions(material, policy), handshakeTimeout });
    const peers = new PeerMemory(secure);
    secure.on('secureConnection', (socket) =>
      serve(socket, policy.requireClientCert ? identityOf(socket) : undefined),
    );
    secure.on('tlsClientError', (error, socket) => {
      // Only a certificate OpenSSL examined has a verify result; a missing certificate or bytes
      // that are not TLS fail the handshake itself.
      const refused = socket.authorizationError ? verificationError(socket) : undefined;
      events.raise({
        kind: 'tls-failure',
        code: refused?.code ?? 'MLLP_TLS_HANDSHAKE_FAILED',
        source: peers.peerOf(socket),
        detail: refused?.message ?? `TLS handshake refused: ${error.message.trim()}`,
      });
    });
    if (stateDir !== undefined && policy.checkRevocation) {
      reloader = RevocationReloader.watch(secure, { stateDir, material, policy, logger });
    }
    server = secure;
  } else {
    server = net.createServer((socket) => serve(socket));
  }
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.maxConnections = options.maxConnections ?? mllpServerDefaults.maxConnections;
  server.on('drop', (dropped) => {
    events.raise({
      kind: 'connection-limit',
      code: 'MLLP_CONNECTION_LIMIT',
      source: `${dropped?.remoteAddress ?? '?'}:${dropped?.remotePort ?? '?'}`,
      detail: `Connection dropped: the listener holds its maximum of ${server.maxConnections}.`,
    });
  });

  const host = options.host ?? '127.0.0.1';
  guardSources(server, options.acceptFrom);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  logger.info({ host, port, tls: options.tls !== undefined }, 'MLLP listener started');

  return {
    host,
    port,
    securityEvents: events,
    connectionCount: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        reloader?.close();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** The verified client certificate's identity; undefined when the client presented none. */
function identityOf(socket: tls.TLSSocket): PeerIdentity | undefined {
  try {
    return peerIdentity(socket);
  } catch {
    return undefined;
  }
}
