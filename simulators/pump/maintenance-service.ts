import net, { type AddressInfo } from 'node:net';
import type { Logger } from '../../core/logger.ts';
import { MaintenanceShell, type ShellHooks, type ShellReply } from './maintenance-shell.ts';
import { guardSources, type AcceptFrom } from '../net/source-guard.ts';

/** Limits that keep a hostile client from taking the service, or the pump, down (ADVISORIES.md 7). */
export interface MaintenanceLimits {
  /** Bytes in one line; RFC 854 sets no limit, so the service must. */
  maxLineBytes: number;
  /** Real milliseconds a session may stay silent: network I/O runs on real time, not the lab's. */
  idleTimeoutMs: number;
  /** Sessions open at once. */
  maxSessions: number;
  /** Failed logins in one session before it is closed. */
  maxFailedLogins: number;
}

/** The limits a service runs with unless told otherwise. */
export const defaultMaintenanceLimits: MaintenanceLimits = {
  maxLineBytes: 1024,
  idleTimeoutMs: 120_000,
  maxSessions: 4,
  maxFailedLogins: 3,
};

/** What a maintenance service needs: its login, its reach into the pump, its log. */
export interface MaintenanceServiceOptions {
  credentials: { user: string; password: string };
  hooks: ShellHooks;
  /** Lines greeting each session. */
  banner: string[];
  /** Logs security events; never the password, never patient data. */
  logger: Logger;
  limits?: Partial<MaintenanceLimits>;
  /** Asked at each login: the firmware's parser copies the user field unbounded (login-field.ts). */
  vulnerableParser?: () => boolean;
}

/** Counters the lab's monitor reads. */
export interface MaintenanceStats {
  sessions: number;
  refusedSessions: number;
  failedLogins: number;
  successfulLogins: number;
  /** Sessions authenticated by overflowing the login parser, without credentials. */
  parserOverflows: number;
}

/**
 * A real TCP listener speaking a telnet-like line protocol, the maintenance service legacy pump
 * firmware leaves open (ADVISORIES.md pattern 1). Each session gets a {@link MaintenanceShell}.
 */
export class MaintenanceService {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly limits: MaintenanceLimits;
  private readonly counters = {
    refusedSessions: 0,
    failedLogins: 0,
    successfulLogins: 0,
    parserOverflows: 0,
  };

  constructor(private readonly options: MaintenanceServiceOptions) {
    this.limits = { ...defaultMaintenanceLimits, ...options.limits };
  }

  get stats(): MaintenanceStats {
    return { sessions: this.sockets.size, ...this.counters };
  }

  /** Binds `host:port` (port 0 picks a free one); resolves with the bound port. */
  async listen(host: string, port: number, acceptFrom?: AcceptFrom): Promise<{ port: number }> {
    if (!this.server) {
      const server = net.createServer((socket) => this.onConnection(socket));
      guardSources(server, acceptFrom);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (error) => this.options.logger.error({ err: error.message }, 'listener error'));
      this.server = server;
    }
    const bound = (this.server.address() as AddressInfo).port;
    this.options.logger.info({ host, port: bound }, 'maintenance service listening');
    return { port: bound };
  }

  /** Drops every session and stops listening. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onConnection(socket: net.Socket): void {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    socket.on('error', (error) => this.options.logger.debug({ remote, err: error.message }, 'session error'));
    if (this.sockets.size >= this.limits.maxSessions) {
      this.counters.refusedSessions += 1;
      this.options.logger.warn({ remote }, 'maintenance session refused: too many sessions');
      socket.end('ERR too many sessions\r\n', () => socket.destroy());
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.setTimeout(this.limits.idleTimeoutMs, () => this.hangUp(socket, 'ERR idle timeout'));
    this.options.logger.info({ remote }, 'maintenance session opened');
    socket.write(`${this.options.banner.join('\r\n')}\r\n`);
    const shell = new MaintenanceShell(
      this.options.credentials,
      this.options.hooks,
      this.options.vulnerableParser,
    );
    this.readLines(socket, remote, shell);
  }

  /** Splits input on LF, with a hard cap on how much is held while waiting for one. */
  private readLines(socket: net.Socket, remote: string, shell: MaintenanceShell): void {
    let pending = Buffer.alloc(0);
    let failures = 0;
    socket.on('data', (chunk: Buffer) => {
      if (socket.writableEnded) return;
      pending = Buffer.concat([pending, chunk]);
      let end = pending.indexOf(0x0a);
      while (end !== -1 && end <= this.limits.maxLineBytes && !socket.writableEnded) {
        const line = pending.subarray(0, end).toString('utf8').replace(/\r$/, '');
        pending = pending.subarray(end + 1);
        const reply = this.run(shell, line, remote);
        if (reply.login === 'failed') failures += 1;
        this.answer(socket, reply, failures);
        end = pending.indexOf(0x0a);
      }
      const waiting = end === -1 ? pending.length : end;
      if (waiting > this.limits.maxLineBytes && !socket.writableEnded) {
        this.options.logger.warn({ remote, bytes: waiting }, 'maintenance line too long');
        this.hangUp(socket, 'ERR line too long');
      }
      // A client that floods commands but never reads its replies is paused until it does.
      if (socket.writableNeedDrain) {
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
    });
  }

  private run(shell: MaintenanceShell, line: string, remote: string): ShellReply {
    let reply: ShellReply;
    try {
      reply = shell.handle(line);
    } catch (error) {
      this.options.logger.error({ remote, err: (error as Error).message }, 'maintenance command failed');
      return { lines: ['ERR internal error'] };
    }
    const { logger } = this.options;
    if (reply.login === 'failed') {
      this.counters.failedLogins += 1;
      logger.warn({ remote, failedLogins: this.counters.failedLogins }, 'maintenance login failed');
    } else if (reply.login === 'overflow') {
      // The event, never the bytes: the log says what happened, not how to repeat it.
      this.counters.parserOverflows += 1;
      logger.error(
        { remote, ...reply.note },
        'maintenance login parser overflowed: session authenticated without credentials',
      );
    } else if (reply.login === 'ok') {
      this.counters.successfulLogins += 1;
      logger.warn({ remote, user: this.options.credentials.user }, 'maintenance login succeeded');
    } else if (reply.command) {
      logger.info({ remote, command: reply.command, ...reply.note }, 'maintenance command');
    }
    return reply;
  }

  private answer(socket: net.Socket, reply: ShellReply, failures: number): void {
    if (reply.lines.length > 0) socket.write(`${reply.lines.join('\r\n')}\r\n`);
    if (failures >= this.limits.maxFailedLogins) this.hangUp(socket, 'ERR too many failed logins');
    else if (reply.close) socket.end();
  }

  private hangUp(socket: net.Socket, message: string): void {
    if (socket.writableEnded) return;
    socket.end(`${message}\r\n`, () => socket.destroy());
  }
}
