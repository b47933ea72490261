/**
 * A benchmark child process (server or fleet) with a typed IPC channel: each request waits for the
 * reply of the expected type under a deadline, so no phase of the benchmark can hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { childMessageSchema, type ChildMessage, type ParentMessage } from './child-protocol.ts';
import { launcher } from './fd-limit.ts';

export interface ChildOptions {
  /** Open files the child needs (its sockets): raised with prlimit when the soft limit is lower. */
  files: number;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
}

export class BenchChild {
  private readonly waiting = new Set<(message: ChildMessage) => boolean>();
  private stderr = '';

  private constructor(readonly process: ChildProcess) {
    process.stderr?.on(
      'data',
      (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)),
    );
    process.on('message', (raw) => {
      // A message off the protocol fails whoever waits, rather than leaving them to their deadline.
      const parsed = childMessageSchema.safeParse(raw);
      const message: ChildMessage = parsed.success
        ? parsed.data
        : { type: 'failed', message: `a message off the protocol: ${parsed.error.message}` };
      for (const waiter of [...this.waiting]) if (waiter(message)) this.waiting.delete(waiter);
    });
  }

  /**
   * Starts `script` with `config` as its one JSON argument.
   * @example BenchChild.spawn(new URL('./server-child.ts', import.meta.url), config, { files: 1000 })
   */
  static spawn(script: URL, config: object, options: ChildOptions): BenchChild {
    const node = [
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      fileURLToPath(script),
      JSON.stringify(config),
    ];
    const [command, ...args] = launcher(process.execPath, node, options.files);
    const child = spawn(command ?? process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    return new BenchChild(child);
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Waits for the next message of `type`, failing on a `failed` message, an exit or the deadline. */
  next<T extends ChildMessage['type']>(
    type: T,
    deadlineMs: number,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const finish = (error?: Error, message?: ChildMessage): void => {
        clearTimeout(timer);
        this.waiting.delete(waiter);
        this.process.off('exit', exited);
        if (error) reject(error);
        else resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const waiter = (message: ChildMessage): boolean => {
        if (message.type === 'failed') finish(new Error(`child failed: ${message.message}`));
        else if (message.type === type) finish(undefined, message);
        else return false;
        return true;
      };
      const exited = (): void => finish(new Error(`child exited while waiting for ${type}: ${this.stderr}`));
      const timer = setTimeout(
        () => finish(new Error(`no ${type} from the child within ${deadlineMs} ms`)),
        deadlineMs,
      );
      this.waiting.add(waiter);
      this.process.once('exit', exited);
    });
  }

  /** Sends `message` and waits for the reply of `type`. */
  request<T extends ChildMessage['type']>(
    message: ParentMessage,
    type: T,
    deadlineMs: number,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const reply = this.next(type, deadlineMs);
    this.process.send(message);
    return reply;
  }

  /** Asks the child to close, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    if (this.process.connected) this.process.send({ type: 'close' } satisfies ParentMessage);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the child at once (SIGKILL, a crash) and waits until it is gone. */
  async crash(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGKILL');
    await exited;
  }
}
