import { Duplex } from 'node:stream';
import type net from 'node:net';
import type { PeerIdentity } from '../../../pki/tls/peer-identity.ts';
import { FrameScanner, type FrameLimits, type FrameViolation } from './frame-scanner.ts';

/** `address:port` of a socket's peer, kept while the socket can still tell. */
export const remoteOf = (socket: net.Socket): string =>
  `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;

/**
 * The stream the broker reads a client from: the client's socket with a {@link FrameScanner} in
 * front, so an oversized or malformed packet cuts the connection before the broker buffers it. It
 * carries who is at the other end (the verified TLS peer, if any) for the broker's hooks.
 *
 * @example broker.handle(new GuardedConnection(socket, peerIdentity(socket), limits, onViolation));
 */
export class GuardedConnection extends Duplex {
  /** `address:port` of the client. */
  readonly remote: string;
  private readonly scanner: FrameScanner;

  constructor(
    readonly socket: net.Socket,
    /** The client's verified certificate identity; undefined without mutual TLS. */
    readonly peer: PeerIdentity | undefined,
    limits: FrameLimits,
    onViolation: (violation: FrameViolation, connection: GuardedConnection) => void,
  ) {
    super();
    this.remote = remoteOf(socket);
    this.scanner = new FrameScanner(limits);
    socket.on('data', (chunk: Buffer) => {
      const violation = this.scanner.scan(chunk);
      if (violation) {
        // Not one byte of the offending stream reaches the broker's parser.
        onViolation(violation, this);
        this.destroy();
        return;
      }
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.socket.write(chunk)) callback();
    else this.socket.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
