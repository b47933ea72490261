import type { Clock } from '../../../core/clock.ts';
import { isPumplabError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { ClientTlsPolicy, TlsMaterial } from '../../../pki/tls/tls-material.ts';
import { readAck } from '../../hl7/message/ack-reader.ts';
import { MllpClient } from '../../hl7/mllp/mllp-client.ts';
import type { Hl7Outbox, OutboxEntry } from './hl7-outbox.ts';
import type { Hl7Peer } from './hl7-options.ts';

export interface OutboxSenderOptions {
  /** The outbox queue this sender drains. */
  destination: string;
  peer: Hl7Peer;
  outbox: Hl7Outbox;
  /** The server's lab identity and how it checks the peer; none for MLLP in clear. */
  tls?: { material: TlsMaterial; policy: ClientTlsPolicy };
  /** Stamps deliveries and refusals, lab ms. */
  clock: Clock;
  logger: Logger;
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * Drains one destination's outbox over one MLLP connection, a message at a time, oldest first (HL7
 * v2.6 2.9.2: the sender waits for each acknowledgement). AA or CA: delivered. AE, AR, CE or CR:
 * logged and recorded, not resent, since the same text would be refused again. No answer (the peer
 * is down, the connection broke, the acknowledgement timed out): the message stays first in line and
 * is resent with the same MSH-10 after a backoff on real time (the network's time, whatever the lab
 * clock's speed), doubling up to `retryMaxMs`. Nothing queued is lost while the peer is away.
 */
export class OutboxSender {
  private readonly client: MllpClient;
  private readonly logger: Logger;
  private running = true;
  private draining: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private delayMs: number;
  private failing = false;

  constructor(private readonly options: OutboxSenderOptions) {
    this.logger = options.logger.child({ destination: options.destination });
    this.client = new MllpClient({
      host: options.peer.host,
      port: options.peer.port,
      ...(options.tls ? { tls: options.tls } : {}),
      logger: options.logger,
    });
    this.delayMs = options.retryInitialMs;
  }

  /** Sends what is pending now, unless a retry is already scheduled. */
  wake(): void {
    if (!this.running || this.draining || this.retryTimer) return;
    this.draining = this.drain().finally(() => (this.draining = undefined));
  }

  /** Stops sending; what is still pending stays in the outbox for the next start. */
  async close(): Promise<void> {
    this.running = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.client.close();
    await this.draining;
  }

  private async drain(): Promise<void> {
    for (let entry = this.next(); entry; entry = this.next()) {
      if (!(await this.deliver(entry))) {
        if (!this.running) return;
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.wake();
        }, this.delayMs);
        this.delayMs = Math.min(this.delayMs * 2, this.options.retryMaxMs);
        return;
      }
    }
  }

  private next(): OutboxEntry | undefined {
    return this.running ? this.options.outbox.next(this.options.destination) : undefined;
  }

  /** One attempt; true when the message is settled (delivered or refused). */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    const { outbox } = this.options;
    const about = { kind: entry.kind, controlId: entry.controlId, pump: entry.serial ?? undefined };
    let answer;
    try {
      answer = await this.client.send(entry.message);
    } catch (error) {
      if (!this.running) return false;
      const code = isPumplabError(error) ? error.code : 'MLLP_CONNECTION_CLOSED';
      outbox.markAttempt(entry.id, code);
      // The first failure of a run is news; the retries behind it are not.
      if (!this.failing) this.logger.warn({ ...about, code }, 'HL7 receiver unreachable; retrying');
      else this.logger.debug({ ...about, code, attempts: entry.attempts + 1 }, 'HL7 resend failed');
      this.failing = true;
      return false;
    }
    if (!this.running) return false;
    if (this.failing) this.logger.info(about, 'HL7 receiver reachable again');
    this.failing = false;
    this.delayMs = this.options.retryInitialMs;
    const reading = readAck(answer);
    if (reading.code === 'AA' || reading.code === 'CA') {
      outbox.markDelivered(entry.id, this.options.clock.now());
      return true;
    }
    const problem = reading.errors.map((issue) => `${issue.code} ${issue.text}`).join('; ');
    outbox.markRefused(entry.id, reading.code || 'none', problem, this.options.clock.now());
    this.logger.warn(
      { ...about, ackCode: reading.code || 'none', problem },
      'HL7 message refused by its receiver',
    );
    return true;
  }
}
