import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { serverTlsOptions, type ServerTlsPolicy, type TlsMaterial } from '../../pki/tls/tls-material.ts';
import { guardSources, type ListenAt } from '../net/source-guard.ts';

/** Where and how to serve the REST API. */
export interface RestServerOptions extends ListenAt {
  app: Express;
  /** The server's lab `service` identity and whether clients must present a lab certificate. */
  tls: { material: TlsMaterial; policy: ServerTlsPolicy };
}

/** A listening REST server. */
export interface RunningRestServer {
  port: number;
  /** The HTTPS server, e.g. for a RevocationReloader. */
  server: https.Server;
  /** Stops listening and ends every connection, idle keep-alive ones included. */
  close(): Promise<void>;
}

/** A slow client may not hold a connection open forever (slowloris): headers within 10 s. */
const headersTimeoutMs = 10_000;
/** The longest request, distributions included (which wait for every pump's answer): 2 min. */
const requestTimeoutMs = 120_000;

/**
 * Serves `app` over HTTPS with the lab certificate (TLS 1.2+; mutual TLS when the policy says).
 * @example const rest = await startRestServer({ app, host: '127.0.0.1', port: 0, tls: { material, policy } })
 */
export async function startRestServer(options: RestServerOptions): Promise<RunningRestServer> {
  const server = https.createServer(
    {
      ...serverTlsOptions(options.tls.material, options.tls.policy),
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
    },
    options.app,
  );
  guardSources(server, options.acceptFrom);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
