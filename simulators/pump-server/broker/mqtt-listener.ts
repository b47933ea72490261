import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from '../../../core/logger.ts';
import { peerIdentity, verificationError, type PeerIdentity } from '../../../pki/tls/peer-identity.ts';
import { RevocationReloader } from '../../../pki/tls/revocation-reloader.ts';
import { serverTlsOptions, type ServerTlsPolicy, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import type { BrokerLimits } from './broker-limits.ts';
import { GuardedConnection } from './guarded-connection.ts';
import type { FrameViolation } from './frame-scanner.ts';
import type { SecurityEvents } from './security-events.ts';
import { closeRevokedSessions } from './revoked-sessions.ts';
import { guardSources, type ListenAt } from '../../net/source-guard.ts';
import { PeerMemory } from '../../net/peer-memory.ts';

/**
 * How clients reach the broker. `mutual-tls` is the SP 1800-8 posture (Vol B 4.5); `tls` encrypts
 * but lets anyone connect; `tcp` is the flat 2015 network where MQTT crosses the wire in clear.
 */
export type Transport = 'mutual-tls' | 'tls' | 'tcp';

export interface ListenerOptions {
  transport: Transport;
  /** The broker's certificate and key; required unless the transport is `tcp`. */
  material: TlsMaterial | undefined;
  /** Check client chains against the CRLs (mutual TLS only) and reload them when they change. */
  checkRevocation: boolean;
  /** The lab state directory whose PKI publishes the CRLs. */
  stateDir: string;
  limits: BrokerLimits;
  events: SecurityEvents;
  logger: Logger;
  /** Called with each client stream once TLS (if any) is established. */
  onConnection: (connection: GuardedConnection) => void;
}

/**
 * The broker's socket listener: a TLS or TCP server that counts connections, reports failed
 * handshakes and over-cap connections as security events, and hands each client to the broker
 * behind a frame guard.
 */
export class MqttListener {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly connections = new Set<GuardedConnection>();
  private reloader: RevocationReloader | undefined;
  private readonly peers: PeerMemory;

  constructor(private readonly options: ListenerOptions) {
    this.server = this.createServer();
    this.peers = new PeerMemory(this.server);
    this.server.maxConnections = options.limits.maxConnections;
    this.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('drop', (data?: net.DropArgument) =>
      options.events.raise({
        kind: 'connection-limit',
        code: 'BROKER_CONNECTION_LIMIT',
        source: `${data?.remoteAddress ?? 'unknown'}:${data?.remotePort ?? 0}`,
        detail: `connection dropped: ${options.limits.maxConnections} are open`,
      }),
    );
  }

  /** Listens on `host:port` (port 0 picks a free one) and resolves with the bound address. */
  async listen(at: ListenAt): Promise<net.AddressInfo> {
    guardSources(this.server, at.acceptFrom);
    this.server.listen(at.port, at.host);
    await once(this.server, 'listening');
    return this.server.address() as net.AddressInfo;
  }

  /** Stops listening, drops every open connection and stops watching CRLs. */
  async close(): Promise<void> {
    this.reloader?.close();
    this.reloader = undefined;
    const closed = this.server.listening ? once(this.server, 'close') : Promise.resolve();
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private createServer(): net.Server {
    const { transport, material, limits } = this.options;
    if (transport === 'tcp') {
      return net.createServer({ noDelay: true }, (socket) => this.accept(socket, undefined));
    }
    if (!material) throw new Error('a TLS transport needs the broker’s TLS material');
    const policy: ServerTlsPolicy = {
      requireClientCert: transport === 'mutual-tls',
      checkRevocation: transport === 'mutual-tls' && this.options.checkRevocation,
    };
    const server = tls.createServer({
      ...serverTlsOptions(material, policy),
      handshakeTimeout: limits.handshakeTimeoutMs,
      noDelay: true,
    });
    server.on('secureConnection', (socket: tls.TLSSocket) =>
      this.accept(socket, policy.requireClientCert ? peerIdentity(socket) : undefined),
    );
    server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: tls.TLSSocket) =>
      this.refused(error, socket),
    );
    if (policy.checkRevocation) {
      this.reloader = RevocationReloader.watch(server, {
        stateDir: this.options.stateDir,
        material,
        policy,
        logger: this.options.logger,
      });
      this.reloader.on('failed', (error) => this.options.logger.error({ err: error }, error.message));
      this.reloader.on('reloaded', () => this.sweepRevoked());
    }
    return server;
  }

  private accept(socket: net.Socket, peer: PeerIdentity | undefined): void {
    const { limits } = this.options;
    // A lab service may publish commands carrying firmware; a pump's packets stay small.
    const service = peer !== undefined && (peer.role === 'service' || peer.role === 'client');
    const connection = new GuardedConnection(
      socket,
      peer,
      {
        connect: limits.connectFrameBytes,
        other: service ? limits.serviceFrameBytes : limits.pumpFrameBytes,
      },
      (violation, guarded) => this.violated(violation, guarded),
    );
    this.connections.add(connection);
    connection.once('close', () => this.connections.delete(connection));
    this.options.onConnection(connection);
  }

  /** After new CRLs: sessions opened with a certificate revoked since are closed too. */
  private sweepRevoked(): void {
    try {
      const closed = closeRevokedSessions(this.connections, this.options.stateDir, this.options.events);
      if (closed > 0) this.options.logger.info({ closed }, 'sessions of revoked certificates closed');
    } catch (error) {
      this.options.logger.error({ err: error }, 'revoked sessions could not be checked');
    }
  }

  private violated(violation: FrameViolation, connection: GuardedConnection): void {
    const identity = connection.peer?.deviceSerial ?? connection.peer?.commonName;
    this.options.events.raise({
      kind: violation.kind,
      code: violation.kind === 'oversized' ? 'BROKER_PAYLOAD_TOO_LARGE' : 'BROKER_MALFORMED_PACKET',
      source: connection.remote,
      ...(identity === undefined ? {} : { identity }),
      detail: violation.detail,
    });
  }

  /** A handshake that failed: no certificate, an untrusted or revoked one, or not TLS at all. */
  private refused(error: NodeJS.ErrnoException, socket: tls.TLSSocket): void {
    // Only a certificate that OpenSSL examined has a verify result; a missing certificate or bytes
    // that are not TLS fail the handshake itself.
    const certificate = socket.authorizationError ? verificationError(socket) : undefined;
    this.options.events.raise({
      kind: 'tls-failure',
      code: certificate?.code ?? 'BROKER_TLS_HANDSHAKE_FAILED',
      source: this.peers.peerOf(socket),
      detail: certificate?.message ?? `TLS handshake failed: ${error.code ?? error.message}`,
    });
  }
}
