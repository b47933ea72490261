/**
 * A Mosquitto broker on 127.0.0.1 with mutual TLS and lab certificates: the pump server's
 * certificate, the lab root as the only trust anchor, a client certificate required and its CN
 * taken as the user name. No persistence: it only routes, which is what its rate is compared on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { launcher } from '../shared/fd-limit.ts';

/** True when the Debian `mosquitto` package is installed. */
export const hasMosquitto = (): boolean => spawnSync('mosquitto', ['-h']).error === undefined;

/** A free TCP port on loopback (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function acceptsConnections(port: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const socket = net.connect(port, '127.0.0.1');
    // events.once rejects on 'error', so the two outcomes are listened for by hand.
    const outcome = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    socket.destroy();
    if (outcome) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class MosquittoBroker {
  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
  ) {}

  /** Writes its configuration and certificates into `dir` and starts it for `clients` connections. */
  static async start(stateDir: string, dir: string, clients: number): Promise<MosquittoBroker> {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const material = loadTlsMaterial(stateDir, 'pump-server');
    const write = (name: string, content: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content, { mode: 0o600 });
      return file;
    };
    const port = await freePort();
    const config = [
      `listener ${port} 127.0.0.1`,
      `cafile ${write('root.pem', material.ca)}`,
      `certfile ${write('server-chain.pem', material.cert)}`,
      `keyfile ${write('server-key.pem', material.key)}`,
      'require_certificate true',
      'use_identity_as_username true',
      'allow_anonymous false',
      'persistence false',
      'max_keepalive 300',
      'set_tcp_nodelay true',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // Started as root it would switch to the `mosquitto` user, who cannot read these 0600 files.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
    ].join('\n');
    const configFile = write('mosquitto.conf', `${config}\n`);
    const [command, ...args] = launcher('mosquitto', ['-c', configFile], clients);
    const child = spawn(command ?? 'mosquitto', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    // Its warnings go on to our stderr, except the one about running as root, which is on purpose.
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().split('\n');
      const kept = lines.filter((line) => line.trim() !== '' && !line.includes('run as root'));
      if (kept.length > 0) process.stderr.write(`mosquitto: ${kept.join('\n')}\n`);
    });
    const broker = new MosquittoBroker(child, port);
    try {
      await acceptsConnections(port, 5_000);
    } catch (error) {
      await broker.close();
      throw error;
    }
    return broker;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  async close(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = once(this.process, 'exit');
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
