import type { Socket } from 'node:net';
import tls from 'node:tls';
import type { Clock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { loadTlsMaterial, serverTlsOptions } from '../../pki/tls/tls-material.ts';
import { plainIpv4 } from '../topology/ipv4-range.ts';
import { decideAdmission, recordHandshakeFailure, type AdmissionContext } from './admission-decider.ts';
import { AdmissionLog, type AdmissionRecord } from './admission-log.ts';
import { AdmissionTable } from './admission-table.ts';
import { AdmissionTrust } from './admission-trust.ts';
import { watchRevocations } from './revocation-watch.ts';

/** Defaults of the admission service. Times are real milliseconds: the sockets are real. */
export const admissionDefaults = {
  handshakeTimeoutMs: 5_000, // a peer that has not finished TLS by then (slow, silent, garbage) is cut
  answerTimeoutMs: 5_000, // a peer that has not taken its verdict and closed by then is cut
  crlReloadMs: 1_000, // how often the CRL files are looked at, to evict newly revoked devices
  maxConnections: 256, // connections at once; Node closes any beyond it as soon as they arrive
  logCapacity: 10_000, // admission records kept
  identityName: 'gateway', // the lab identity (lab/setup/lab-identities.ts) the service presents
};

export interface AdmissionServiceOptions extends Partial<typeof admissionDefaults> {
  /** The lab state directory holding the PKI. */
  stateDir: string;
  listen: { host: string; port: number };
  /** The zone admission guards, e.g. `pump-network`. */
  pumpZone: string;
  /** The topology zone of a source address (`topology.zoneOf`). */
  zoneOf: (address: string | undefined) => string;
  clock: Clock;
  logger?: Logger;
}

/** A running admission service. */
export interface AdmissionService {
  readonly port: number;
  /** Who is admitted where: the gateway classifies every flow's source by it. */
  readonly table: AdmissionTable;
  /** Every admission decision: query it, subscribe to it, stream it. */
  readonly log: AdmissionLog;
  /** Re-reads the CRLs and evicts every admitted device no longer valid; returns the evictions. */
  revalidate(): AdmissionRecord[];
  close(): Promise<void>;
}

/**
 * Starts the gateway's device admission: the authenticator side of 802.1X with EAP-TLS (RFC 5216)
 * that SP 1800-8 puts at the wireless access point. A device connects over TLS, presents its
 * certificate, and is told one JSON line: admitted to the pump zone, or quarantined with a reason.
 * The TLS layer only asks for the certificate; the service verifies it itself so it can say why.
 *
 * @example const admission = await startAdmissionService({ stateDir, listen: { host: '127.10.0.1', port: 0 }, pumpZone: 'pump-network', zoneOf: topology.zoneOf, clock })
 * @throws PumplabError GATEWAY_LISTEN_FAILED, or a PKI_* code when the lab PKI is missing
 */
export async function startAdmissionService(options: AdmissionServiceOptions): Promise<AdmissionService> {
  const settings = { ...admissionDefaults, ...definedOnly(options) };
  const context: AdmissionContext = {
    table: new AdmissionTable(options.pumpZone, options.clock),
    log: new AdmissionLog(settings.logCapacity),
    trust: AdmissionTrust.load(options.stateDir),
    zoneOf: options.zoneOf,
    clock: options.clock,
    logger: (options.logger ?? silentLogger).child({ component: 'gateway-admission' }),
  };
  const material = loadTlsMaterial(options.stateDir, settings.identityName);
  const server = tls.createServer({
    ...serverTlsOptions(material, { requireClientCert: true, checkRevocation: false }),
    // Ask for the certificate but let every handshake finish: the verdict carries the reason.
    rejectUnauthorized: false,
    handshakeTimeout: settings.handshakeTimeoutMs,
  });
  server.maxConnections = settings.maxConnections;
  const open = new Set<Socket>();
  server.on('connection', (raw: Socket) => {
    open.add(raw);
    raw.once('close', () => open.delete(raw));
  });
  server.on('secureConnection', (socket) => answer(context, socket, settings.answerTimeoutMs));
  server.on('tlsClientError', (_error, socket) => {
    recordHandshakeFailure(context, plainIpv4(socket.remoteAddress) ?? 'unknown');
    socket.destroy();
  });
  await listen(server, options.listen);
  server.on('error', (error) => context.logger.error({ err: error }, 'admission listener failed'));
  const watch = watchRevocations(context, settings.crlReloadMs);
  const address = server.address();
  context.logger.info({ listen: options.listen, pumpZone: options.pumpZone }, 'admission service started');
  return {
    port: typeof address === 'object' && address ? address.port : options.listen.port,
    table: context.table,
    log: context.log,
    revalidate: watch.revalidate,
    async close() {
      watch.stop();
      for (const socket of open) socket.destroy();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Decides one device that completed TLS and tells it the verdict. Never throws into the server. */
function answer(context: AdmissionContext, socket: tls.TLSSocket, timeoutMs: number): void {
  socket.on('error', () => socket.destroy());
  socket.setTimeout(timeoutMs, () => socket.destroy());
  try {
    const address = plainIpv4(socket.remoteAddress) ?? 'unknown';
    const verdict = decideAdmission(context, address, socket.getPeerX509Certificate()?.toString());
    socket.end(`${JSON.stringify(verdict)}\n`);
  } catch (error) {
    context.logger.error({ err: error }, 'admission decision failed; connection dropped');
    socket.destroy();
  }
}

async function listen(server: tls.Server, where: { host: string; port: number }): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where.port, where.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (cause) {
    const at = `${where.host}:${where.port}`;
    throw new PumplabError(
      'GATEWAY_LISTEN_FAILED',
      `Admission cannot listen on ${at}.`,
      { where: at },
      { cause },
    );
  }
}

/** Options given as `undefined` keep their default. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
