import type net from 'node:net';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { dial } from './dial.ts';
import { closedFailure, timeoutFailure, type ClientFailure } from './failure.ts';

/** Real milliseconds the client waits for a banner or a reply before it gives up. */
export const consoleDefaults = { replyTimeoutMs: 5_000 };

/** A reply's last line starts with OK or ERR (simulators/pump/maintenance-shell.ts). */
const finalLine = /^(OK|ERR)\b/;

export type ConsoleReply = { ok: true; lines: string[]; last: string } | ClientFailure;

/**
 * A client for the pump maintenance shell's telnet-like line protocol: lines end in CRLF, the
 * service greets with banner lines ending `OK ready`, and every reply ends with a line starting `OK`
 * or `ERR` (maintenance-service.ts). Input is never echoed. Every wait is bounded.
 *
 * @example const opened = await ConsoleClient.open(endpoint, '127.40.0.200'); if (opened.ok) await opened.client.request('login biomed biomed');
 */
export class ConsoleClient {
  private readonly lines: string[] = [];
  private partial = '';
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.receive(text));
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** Connects from `localAddress` and reads the banner up to its `OK ready` (or the ERR it sends instead). */
  static async open(
    target: Endpoint,
    localAddress: string,
    timeoutMs = consoleDefaults.replyTimeoutMs,
  ): Promise<{ ok: true; client: ConsoleClient; banner: string[] } | ClientFailure> {
    const dialed = await dial(target, { localAddress, tls: false, timeoutMs });
    if (!dialed.ok) return dialed;
    const client = new ConsoleClient(dialed.socket, timeoutMs);
    const banner = await client.reply('banner');
    if (!banner.ok) {
      client.close();
      return banner;
    }
    if (!banner.last.startsWith('OK')) {
      client.close();
      return { ok: false, code: banner.last, line: `the console greeted with ${banner.last}` };
    }
    return { ok: true, client, banner: banner.lines };
  }

  /** Sends one line and resolves with the reply, up to and including its OK or ERR line. */
  request(line: string): Promise<ConsoleReply> {
    if (this.closed) return Promise.resolve(closedFailure('the reply'));
    this.socket.write(`${line}\r\n`);
    return this.reply('reply');
  }

  close(): void {
    this.socket.destroy();
  }

  private async reply(what: string): Promise<ConsoleReply> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const end = this.lines.findIndex((line) => finalLine.test(line));
      if (end >= 0) {
        const lines = this.lines.splice(0, end + 1);
        return { ok: true, lines, last: lines[lines.length - 1] ?? '' };
      }
      if (this.closed) return closedFailure(`the ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) return timeoutFailure(what, this.timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
  }

  private receive(text: string): void {
    const parts = (this.partial + text).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    this.waiter?.();
  }
}
