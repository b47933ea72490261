import type net from 'node:net';
import type { Logger } from '../../../core/logger.ts';
import type { PeerIdentity } from '../../../pki/tls/peer-identity.ts';
import { frameMllp, MllpDecoder } from './mllp-framer.ts';
import { respondTo, type ResponderOptions } from './mllp-responder.ts';

type RefusalKind = 'oversized' | 'garbage' | 'read-timeout';
type RefusalCode = 'MLLP_FRAME_TOO_LARGE' | 'MLLP_GARBAGE' | 'MLLP_READ_TIMEOUT';

/** Limits of one connection; the server's defaults say their units. */
export interface ConnectionLimits {
  idleTimeoutMs: number;
  readTimeoutMs: number;
  maxFrameBytes: number;
  maxGarbageBytes: number;
}

/**
 * Serves one MLLP connection: reassembles frames, answers them one at a time in arrival order
 * (HL7 original mode is synchronous: the sender waits for each acknowledgement, HL7 v2.6 2.9.2),
 * and pauses the socket while the handler runs so a fast sender cannot queue without bound.
 */
export class MllpConnection {
  private readonly decoder: MllpDecoder;
  private readonly queue: Buffer[] = [];
  private readonly logger: Logger;
  private busy = false;
  private closing = false;
  private garbageReported = false;
  private readTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: net.Socket,
    private readonly source: { peer: string; identity?: PeerIdentity },
    private readonly limits: ConnectionLimits,
    private readonly respond: ResponderOptions,
  ) {
    this.logger = respond.logger.child({ peer: source.peer });
    this.decoder = new MllpDecoder({ maxFrameBytes: limits.maxFrameBytes });
    socket.setTimeout(limits.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => this.onIdle());
    socket.on('error', (error) => this.logger.debug({ err: error }, 'MLLP connection error'));
    socket.on('close', () => clearTimeout(this.readTimer));
  }

  private onData(chunk: Buffer): void {
    const result = this.decoder.push(chunk);
    if (result.garbageBytes > 0) this.onGarbage(result.garbageBytes);
    this.queue.push(...result.frames);
    if (result.oversized) {
      this.refuse(
        'oversized',
        'MLLP_FRAME_TOO_LARGE',
        `A frame exceeded ${this.limits.maxFrameBytes} bytes.`,
      );
    }
    if (result.frames.length > 0) {
      // A frame ended: a frame started in the same chunk gets its own full read time.
      clearTimeout(this.readTimer);
      this.readTimer = undefined;
    }
    this.armReadTimer();
    void this.pump();
  }

  /** MLLP R2 gives bytes outside a block no meaning: drop them, tell the monitor once, cap them. */
  private onGarbage(bytes: number): void {
    if (!this.garbageReported) {
      this.garbageReported = true;
      this.raise('garbage', 'MLLP_GARBAGE', `${bytes} bytes outside any MLLP block were dropped.`);
    }
    if (this.decoder.totalGarbageBytes > this.limits.maxGarbageBytes) {
      this.refuse('garbage', 'MLLP_GARBAGE', `More than ${this.limits.maxGarbageBytes} bytes of garbage.`);
    }
  }

  /** A frame once started must end within readTimeoutMs; only reading time counts, not handling. */
  private armReadTimer(): void {
    if (!this.decoder.inFrame || this.busy || this.closing) {
      clearTimeout(this.readTimer);
      this.readTimer = undefined;
      return;
    }
    this.readTimer ??= setTimeout(() => {
      this.refuse(
        'read-timeout',
        'MLLP_READ_TIMEOUT',
        `A frame was not finished in ${this.limits.readTimeoutMs} ms.`,
      );
    }, this.limits.readTimeoutMs);
  }

  private onIdle(): void {
    if (this.busy) return;
    this.logger.info({ idleTimeoutMs: this.limits.idleTimeoutMs }, 'idle MLLP connection closed');
    this.socket.end();
  }

  /** Answers queued frames in order; the socket stays paused until the queue is empty. */
  private async pump(): Promise<void> {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    this.socket.pause();
    this.armReadTimer();
    for (let frame = this.queue.shift(); frame; frame = this.queue.shift()) {
      const response = await respondTo(frame.toString('utf8'), this.source, this.respond);
      if (this.socket.destroyed) return;
      await new Promise<void>((resolve) => this.socket.write(frameMllp(response), () => resolve()));
    }
    this.busy = false;
    if (this.closing) {
      this.socket.destroy();
      return;
    }
    this.socket.resume();
    this.armReadTimer();
  }

  /** Stops reading; frames already received are still answered, then the connection closes. */
  private refuse(kind: RefusalKind, code: RefusalCode, detail: string): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.readTimer);
    this.socket.pause();
    this.raise(kind, code, `${detail} Connection closed.`);
    if (!this.busy && this.queue.length === 0) this.socket.destroy();
  }

  private raise(kind: RefusalKind, code: RefusalCode, detail: string): void {
    const identity = this.source.identity?.commonName;
    this.respond.events.raise({ kind, code, source: this.source.peer, identity, detail });
  }
}
