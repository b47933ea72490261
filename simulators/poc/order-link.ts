import type net from 'node:net';
import { connectMllp } from '../hl7/mllp/connect-mllp.ts';
import { endSocket } from '../hl7/mllp/end-socket.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { type ClientTlsPolicy, type TlsMaterial, type TlsTrust } from '../../pki/tls/tls-material.ts';
import { parseHl7, type ParsedHl7 } from '../hl7/message/hl7-parse.ts';
import { frameMllp, MllpDecoder } from '../hl7/mllp/mllp-framer.ts';
import { connectionError } from '../hl7/mllp/connection-error.ts';

/** Defaults of the link. */
export const orderLinkDefaults = {
  /** How long to wait for each answer (the accept ACK, then the RRG^O16), in milliseconds (30 s). */
  responseTimeoutMs: 30_000,
  /** How long to wait for TCP and TLS to be up, in milliseconds (10 s). */
  connectTimeoutMs: 10_000,
};

export interface OrderLinkOptions {
  host: string;
  port: number;
  /** TLS with the workstation's lab identity (`poc-1`); without it, plain TCP (a flat-2015 posture). */
  tls?: { material: TlsMaterial | TlsTrust; policy: ClientTlsPolicy };
  /**
   * True when an order inbox (order-inbox.ts) listens for RRG^O16 the pump server sends on a
   * connection of its own: after a CA the link then keeps waiting even if this connection closes.
   */
  routedAnswers?: boolean;
  responseTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
  logger?: Logger;
}

/** The order in flight: its MSH-10 and the answers to it not yet taken. */
interface Exchange {
  controlId: string;
  answers: ParsedHl7[];
  accepted: boolean;
  wake?: (error?: Error) => void;
}

const msa = (answer: ParsedHl7, n: number): string => answer.segment('MSA')?.field(n) ?? '';
const closed = () => new PumplabError('MLLP_CONNECTION_CLOSED', 'The connection closed before the answer.');

/**
 * The PCD-03 sender of the point-of-care workstation: MLLP (over TLS) to the pump server's Infusion
 * Order Consumer, one order at a time. Unlike the general MllpClient (one answer per message) it
 * takes both acknowledgements enhanced mode may bring (IHE PCD TF-2 3.3.4.4.1, MSH-15/16 AL): an
 * accept ACK^O15 first (MSA-1 CA), then the application acknowledgement RRG^O16, on this connection
 * or, per TF-2 Appendix G.1, on one the pump server opens to the workstation's inbox, which hands it
 * over with {@link OrderLink.deliver}. Any other answer, a CE or CR included, ends the wait.
 *
 * @example const answers = await link.exchange(buildRgvO15(input)); // [RRG^O16] or [ACK^O15 CA, RRG^O16]
 */
export class OrderLink {
  private readonly logger: Logger;
  private socket: net.Socket | undefined;
  private current: Exchange | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OrderLinkOptions) {
    this.logger = (options.logger ?? silentLogger).child({ component: 'poc-order-link', port: options.port });
  }

  /**
   * Sends one RGV^O15 and resolves with its answers (MSA-2 = its MSH-10), in arrival order.
   *
   * @throws PumplabError HL7_ACK_TIMEOUT, MLLP_CONNECTION_CLOSED, MLLP_TLS_HANDSHAKE_FAILED, or
   *   HL7_MALFORMED when an answer is not HL7
   */
  exchange(message: string): Promise<ParsedHl7[]> {
    const result = this.queue.then(() => this.run(message));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Hands over an answer that came on another connection; false when no order in flight awaits it. */
  deliver(answer: ParsedHl7): boolean {
    const exchange = this.current;
    if (!exchange || msa(answer, 2) !== exchange.controlId) return false;
    exchange.answers.push(answer);
    exchange.wake?.();
    return true;
  }

  /** Closes the connection. */
  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    await endSocket(socket);
  }

  private async run(message: string): Promise<ParsedHl7[]> {
    const socket = this.socket && !this.socket.destroyed ? this.socket : await this.open();
    const exchange: Exchange = { controlId: parseHl7(message).controlId, answers: [], accepted: false };
    this.current = exchange;
    try {
      socket.write(frameMllp(message));
      const answers: ParsedHl7[] = [];
      for (;;) {
        const answer = await this.next(exchange, socket);
        answers.push(answer);
        // Only a positive accept acknowledgement (HL7 v2.6 2.9.3.1, MSA-1 CA) promises more to come.
        if (answer.messageCode !== 'ACK' || msa(answer, 1) !== 'CA') return answers;
        exchange.accepted = true;
      }
    } finally {
      this.current = undefined;
    }
  }

  /** The next answer to `exchange`, within the response timeout. */
  private async next(exchange: Exchange, socket: net.Socket): Promise<ParsedHl7> {
    const timeoutMs = this.options.responseTimeoutMs ?? orderLinkDefaults.responseTimeoutMs;
    if (exchange.answers.length === 0) {
      if (socket.destroyed && !this.waitsElsewhere(exchange)) throw closed();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          exchange.wake = undefined;
          // A late answer is matched by MSA-2 and dropped, so the connection may stay.
          reject(new PumplabError('HL7_ACK_TIMEOUT', `No answer within ${timeoutMs} ms.`, { timeoutMs }));
        }, timeoutMs);
        exchange.wake = (error) => {
          clearTimeout(timer);
          exchange.wake = undefined;
          if (error) reject(error);
          else resolve();
        };
      });
    }
    const answer = exchange.answers.shift();
    if (!answer) throw closed();
    return answer;
  }

  /** After a CA, an RRG^O16 may still come through the inbox when this connection is gone. */
  private waitsElsewhere(exchange: Exchange): boolean {
    return exchange.accepted && this.options.routedAnswers === true;
  }

  private async open(): Promise<net.Socket> {
    const socket = await connectMllp({
      host: this.options.host,
      port: this.options.port,
      tls: this.options.tls,
      timeoutMs: this.options.connectTimeoutMs ?? orderLinkDefaults.connectTimeoutMs,
    });
    this.attach(socket);
    return socket;
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    const decoder = new MllpDecoder({ maxFrameBytes: this.options.maxFrameBytes });
    socket.on('data', (chunk: Buffer) => {
      const { frames, oversized } = decoder.push(chunk);
      try {
        for (const frame of frames) {
          const answer = parseHl7(frame.toString('utf8'));
          if (!this.deliver(answer))
            this.logger.warn({ acknowledges: msa(answer, 2) }, 'stray answer dropped');
        }
      } catch (error) {
        socket.destroy(error as Error);
        return;
      }
      if (oversized)
        socket.destroy(new PumplabError('MLLP_FRAME_TOO_LARGE', 'An answer exceeds maxFrameBytes.'));
    });
    const lost = (error: PumplabError): void => {
      const exchange = this.current;
      if (exchange && !this.waitsElsewhere(exchange)) exchange.wake?.(error);
    };
    socket.on('error', (error) => {
      this.logger.debug({ err: error }, 'PCD-03 connection error');
      lost(connectionError(error));
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      lost(closed());
    });
  }
}
