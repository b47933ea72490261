import type net from 'node:net';
import { connectMllp } from './connect-mllp.ts';
import { endSocket } from './end-socket.ts';
import { connectionError } from './connection-error.ts';
import { PumplabError } from '../../../core/errors.ts';
import { silentLogger, type Logger } from '../../../core/logger.ts';
import { type ClientTlsPolicy, type TlsMaterial, type TlsTrust } from '../../../pki/tls/tls-material.ts';
import { parseHl7, type ParsedHl7 } from '../message/hl7-parse.ts';
import { frameMllp, MllpDecoder } from './mllp-framer.ts';

/** Defaults of a client. */
export const mllpClientDefaults = {
  /** How long to wait for the acknowledgement of one message, in milliseconds (30 s). */
  responseTimeoutMs: 30_000,
  /** How long to wait for TCP and TLS to be up, in milliseconds (10 s). */
  connectTimeoutMs: 10_000,
};

export interface MllpClientOptions {
  host: string;
  port: number;
  /** TLS with the lab identity `material` (or only the lab root, to connect without a certificate). */
  tls?: { material: TlsMaterial | TlsTrust; policy: ClientTlsPolicy };
  responseTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  logger?: Logger;
}

interface Pending {
  resolve(frame: Buffer): void;
  reject(error: Error): void;
}

/**
 * An HL7 v2 sender over MLLP: one connection, opened on demand and reopened after a failure;
 * messages go one at a time, each waiting for its acknowledgement on the same connection (HL7 v2.6
 * 2.9.2 original mode; MLLP R2 section 3).
 *
 * @example
 * const client = new MllpClient({ host, port, tls: { material, policy: { checkRevocation: true } } });
 * const ack = await client.send(oruText); // ack.segment('MSA')?.field(1) === 'AA'
 * await client.close();
 */
export class MllpClient {
  private readonly logger: Logger;
  private socket: net.Socket | undefined;
  private connecting: Promise<net.Socket> | undefined;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: MllpClientOptions) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'mllp-client', port: options.port });
  }

  /**
   * Sends one message and resolves with its acknowledgement, parsed. Calls queue up in order.
   *
   * @throws PumplabError HL7_ACK_TIMEOUT, MLLP_CONNECTION_CLOSED, MLLP_TLS_HANDSHAKE_FAILED, or
   *   HL7_MALFORMED when the answer is not HL7 or acknowledges another message (MSA-2).
   */
  send(message: string): Promise<ParsedHl7> {
    const result = this.queue.then(() => this.exchange(message));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes the connection; a later send opens a new one. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    await endSocket(socket);
  }

  private async exchange(message: string): Promise<ParsedHl7> {
    const socket = await this.connect();
    const timeoutMs = this.options.responseTimeoutMs ?? mllpClientDefaults.responseTimeoutMs;
    const frame = await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A late answer would be taken for the next message's: drop the connection instead.
        socket.destroy();
        reject(
          new PumplabError('HL7_ACK_TIMEOUT', `No acknowledgement within ${timeoutMs} ms.`, { timeoutMs }),
        );
      }, timeoutMs);
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          this.pending = undefined;
          done(value);
        };
      this.pending = { resolve: settle(resolve), reject: settle(reject) };
      socket.write(frameMllp(message));
    });
    const answer = parseHl7(frame.toString('utf8'));
    const sentId = message.split(/\r|\n/, 1)[0]?.split(message.charAt(3))[9];
    const ackedId = answer.segment('MSA')?.field(2);
    if (ackedId !== undefined && sentId !== undefined && ackedId !== sentId) {
      socket.destroy();
      throw new PumplabError('HL7_MALFORMED', 'The acknowledgement answers another message.', {
        sentId,
        ackedId,
      });
    }
    return answer;
  }

  private connect(): Promise<net.Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<net.Socket> {
    const socket = await connectMllp({
      host: this.options.host,
      port: this.options.port,
      tls: this.options.tls,
      timeoutMs: this.options.connectTimeoutMs ?? mllpClientDefaults.connectTimeoutMs,
    });
    this.attach(socket);
    return socket;
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    const decoder = new MllpDecoder({ maxFrameBytes: this.options.maxFrameBytes });
    socket.on('data', (chunk: Buffer) => {
      const { frames, oversized } = decoder.push(chunk);
      for (const frame of frames) {
        if (this.pending) this.pending.resolve(frame);
        else this.logger.warn({ bytes: frame.length }, 'unsolicited MLLP frame dropped');
      }
      if (oversized)
        socket.destroy(new PumplabError('MLLP_FRAME_TOO_LARGE', 'The answer exceeds maxFrameBytes.'));
    });
    socket.on('error', (error) => {
      this.logger.debug({ err: error }, 'MLLP client connection error');
      this.pending?.reject(connectionError(error));
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      this.pending?.reject(
        new PumplabError('MLLP_CONNECTION_CLOSED', 'The connection closed before the answer.'),
      );
    });
  }
}
