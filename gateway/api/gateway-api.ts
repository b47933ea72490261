import type { Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { startRestServer } from '../../simulators/http/start-rest-server.ts';
import type { AcceptFrom } from '../../simulators/net/source-guard.ts';
import type { EventStreamLimits } from './event-stream.ts';
import { createGatewayApiApp } from './gateway-api-app.ts';
import type { GatewayApiParts } from './gateway-api-parts.ts';

export interface GatewayApiOptions {
  parts: GatewayApiParts;
  /** The address to bind; the lab uses 127.0.0.1. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The lab state directory holding the PKI. */
  stateDir: string;
  logger?: Logger;
  /** The lab clock the health check reports; the system clock by default. */
  clock?: Clock;
  /** Whom to take connections from (a host firewall's rule); everyone who reaches `host` by default. */
  acceptFrom?: AcceptFrom;
  stream?: Partial<EventStreamLimits>;
}

/** A listening gateway API. */
export interface GatewayApi {
  port: number;
  /** `https://host:port`, without a trailing slash. */
  url: string;
  /** Stops listening and ends every connection, open event streams included. */
  close(): Promise<void>;
}

/**
 * Serves the gateway API over HTTPS with the lab's `gateway` identity. Server TLS only: a trainer's
 * tools read it without a lab client certificate, so bind it where only the trainer reaches it.
 *
 * @example const api = await startGatewayApi({ parts: labNetwork, host: '127.0.0.1', port: 0, stateDir })
 * @throws PumplabError PKI_* when the lab PKI has no gateway identity
 */
export async function startGatewayApi(options: GatewayApiOptions): Promise<GatewayApi> {
  const logger = options.logger ?? silentLogger;
  const { app } = createGatewayApiApp(options.parts, {
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
  });
  const material = loadTlsMaterial(options.stateDir, 'gateway');
  const rest = await startRestServer({
    app,
    host: options.host,
    port: options.port,
    acceptFrom: options.acceptFrom,
    tls: { material, policy: { requireClientCert: false, checkRevocation: false } },
  });
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `https://${host}:${rest.port}`;
  logger.child({ component: 'gateway-api' }).info({ url }, 'gateway API listening');
  return { port: rest.port, url, close: rest.close };
}
