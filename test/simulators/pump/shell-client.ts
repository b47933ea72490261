import net from 'node:net';

/** Safety net for a test that would otherwise hang; never a delay the test relies on. */
const guardMs = 10_000;

/** A minimal line client for the pump's maintenance shell, driven by socket events. */
export class ShellClient {
  readonly lines: string[] = [];
  readonly closed: Promise<void>;
  private partial = '';
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => this.receive(text));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.notify());
  }

  /** Connects to the shell: a port on 127.0.0.1, or an endpoint reached from a local address. */
  static connect(
    target: number | { host: string; port: number; localAddress?: string },
  ): Promise<ShellClient> {
    const options = typeof target === 'number' ? { host: '127.0.0.1', port: target } : target;
    return new Promise((resolve, reject) => {
      const socket = net.connect(options, () => resolve(new ShellClient(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readableEnded;
  }

  send(line: string | Buffer): void {
    this.socket.write(typeof line === 'string' ? `${line}\r\n` : line);
  }

  /** Sends a command and resolves with the reply lines, up to the closing OK or ERR line. */
  async request(line: string): Promise<string[]> {
    const from = this.lines.length;
    this.send(line);
    await this.waitFor((lines) => lines.slice(from).some((item) => /^(OK|ERR)\b/.test(item)));
    const reply = this.lines.slice(from);
    const end = reply.findIndex((item) => /^(OK|ERR)\b/.test(item));
    return reply.slice(0, end + 1);
  }

  /** Resolves when `condition` holds over the lines received, or when the server closed. */
  waitFor(condition: (lines: string[]) => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(
        () => reject(new Error(`timed out; lines: ${this.lines.join(' | ')}`)),
        guardMs,
      );
      const check = (): void => {
        if (condition(this.lines) || this.isClosed) {
          clearTimeout(guard);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(text: string): void {
    const parts = (this.partial + text).split('\r\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    this.notify();
  }

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) waiter();
  }
}
