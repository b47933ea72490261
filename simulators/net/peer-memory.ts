import type { Server, Socket } from 'node:net';

const described = (socket: Socket): string =>
  `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;

/**
 * Remembers each connection's peer as it arrives. A TLS server hears of a failed handshake
 * (`tlsClientError`) once the socket is destroyed, when it no longer knows its peer: a security
 * event would name `unknown:0`, and the monitor could not trace the client back through the gateway.
 */
export class PeerMemory {
  private readonly peers = new WeakMap<Socket, string>();

  /** Starts remembering `server`'s connections; call before it listens. */
  constructor(server: Server) {
    server.on('connection', (socket: Socket) => this.peers.set(socket, described(socket)));
  }

  /** `address:port` of the peer of `socket`, or of the connection a TLS socket wraps. */
  peerOf(socket: Socket): string {
    // Node keeps the connection a server-side TLS socket wraps as `_parent` (lib/_tls_wrap.js).
    const wrapped = (socket as Socket & { _parent?: Socket | null })._parent ?? undefined;
    return this.peers.get(socket) ?? (wrapped && this.peers.get(wrapped)) ?? described(socket);
  }
}
