import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loadTlsMaterial, readCrlPems } from '../../pki/tls/tls-material.ts';

/** True when the Debian `mosquitto` broker binary is on the PATH. */
export const hasMosquittoBroker = (): boolean => spawnSync('mosquitto', ['-h']).error === undefined;

/** A Mosquitto broker running as a child process on 127.0.0.1. */
export interface MosquittoBroker {
  port: number;
  child: ChildProcess;
  /** What the broker logged so far (stderr). */
  log(): string;
  /** Stops the broker and waits until it is gone. */
  close(): Promise<void>;
}

export interface MosquittoOptions {
  /** Where the configuration and the PEM files are written (owner-only). */
  dir: string;
  /** The lab whose root, CRLs and service identity the broker uses. */
  stateDir: string;
  /** The lab `service` identity the broker presents; default `pump-server`. */
  identityName?: string;
  /** Configure `crlfile` with the lab's CRLs. */
  checkRevocation: boolean;
}

/**
 * Starts Mosquitto for mutual TLS with lab certificates: clients must present a certificate from the
 * lab root, and the certificate's CN becomes the MQTT username (`use_identity_as_username`).
 * Mosquitto checks only the leaf's CRL (OpenSSL X509_V_FLAG_CRL_CHECK) and loads every CRL in
 * `crlfile`, so the file holds each lab CA's CRL: device and service certificates both pass.
 */
export async function startMosquitto(options: MosquittoOptions): Promise<MosquittoBroker> {
  const material = loadTlsMaterial(options.stateDir, options.identityName ?? 'pump-server');
  const write = (name: string, content: string): string => {
    const file = path.join(options.dir, name);
    fs.writeFileSync(file, content, { mode: 0o600 });
    return file;
  };
  const port = await freePort();
  const lines = [
    `listener ${port} 127.0.0.1`,
    `cafile ${write('mosquitto-root.pem', material.ca)}`,
    // Leaf then issuing CA: clients trust only the root, so the broker must send the chain.
    `certfile ${write('mosquitto-chain.pem', material.cert)}`,
    `keyfile ${write('mosquitto-key.pem', material.key)}`,
    'require_certificate true',
    'use_identity_as_username true',
    'allow_anonymous false',
    'persistence false',
    'log_dest stderr',
    // One type per line: Mosquitto reads only the first word of a log_type line.
    ...['error', 'warning', 'notice', 'information', 'subscribe'].map((type) => `log_type ${type}`),
  ];
  if (options.checkRevocation)
    lines.push(`crlfile ${write('mosquitto-crl.pem', readCrlPems(options.stateDir).join(''))}`);
  // Started as root, Mosquitto drops to the `mosquitto` user before reading the owner-only PEM files.
  if (process.getuid?.() === 0) lines.push('user root');
  const config = write(`mosquitto-${port}.conf`, `${lines.join('\n')}\n`);

  const child = spawn('mosquitto', ['-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`mosquitto did not start in 10 s: ${log}`)), 10_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (/mosquitto version \S+ running/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`mosquitto exited ${code}: ${log}`)));
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    port,
    child,
    log: () => log,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A port free on loopback now (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A long-running `mosquitto_sub -v`, its output collected line by line as `topic payload`. */
export interface LineSubscriber {
  lines(): string[];
  /** What the client said on stderr (connection errors). */
  errors(): string;
  stop(): Promise<void>;
}

/** Starts `mosquitto_sub` line-buffered (stdbuf: its stdout is a pipe) with `args`. */
export function subscribeLines(args: string[]): LineSubscriber {
  const child = spawn('stdbuf', ['-oL', 'mosquitto_sub', '-v', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return {
    lines: () => output.split('\n').filter((line) => line.length > 0),
    errors: () => errors,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
