import https from 'node:https';
import { ManualClock } from '../../../../core/clock.ts';
import { seededRandom } from '../../../../core/random.ts';
import { CertificateAuthority } from '../../../../pki/authority.ts';
import { loadTlsMaterial, type ServerTlsPolicy } from '../../../../pki/tls/tls-material.ts';
import {
  createReleaseServices,
  type ReleaseServices,
} from '../../../../simulators/pump-server/release-services.ts';
import { createRestApp, type RestApp } from '../../../../simulators/pump-server/rest/create-rest-app.ts';
import { startRestServer, type RunningRestServer } from '../../../../simulators/http/start-rest-server.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { FakeEvents, FakeInventory, FakeSender } from './fakes.ts';

/** One HTTPS response, read whole. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not). */
  json<T = Record<string, unknown>>(): T;
}

/** What a request may carry. */
export interface RequestOptions {
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** A client certificate (key and chain PEM) for mutual TLS. */
  client?: { key: string; cert: string };
}

/** The real REST server over HTTPS on 127.0.0.1, port 0, with fakes behind its ports. */
export interface RestLab {
  dir: string;
  authority: CertificateAuthority;
  rootPem: string;
  clock: ManualClock;
  inventory: FakeInventory;
  events: FakeEvents;
  sender: FakeSender;
  services: ReleaseServices;
  rest: RestApp;
  server: RunningRestServer;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** Builds a lab PKI (service and code-signing identities) and starts the REST server on it. */
export async function startRestLab(
  policy: ServerTlsPolicy = { requireClientCert: false, checkRevocation: false },
): Promise<RestLab> {
  const dir = tempDir('pumplab-rest-');
  const authority = CertificateAuthority.init(dir);
  authority.issue({ name: 'pump-server', role: 'service', ipAddresses: ['127.0.0.1'] });
  authority.issue({ name: 'drug-library-signer', role: 'code-signing' });
  const rootPem = authority.rootPem();
  const clock = new ManualClock(Date.now());
  const inventory = new FakeInventory();
  const events = new FakeEvents();
  const trust = { rootPem, crlPems: () => authority.crlPems(), signerCommonName: 'drug-library-signer' };
  const sender = new FakeSender(inventory, trust);
  const services = createReleaseServices({
    stateDir: dir,
    signerName: 'drug-library-signer',
    inventory,
    sender,
    clock,
    random: seededRandom('rest-tests'),
  });
  const rest = createRestApp({ inventory, events, ...services, clock, bodyLimitBytes: 2 * 1024 * 1024 });
  const material = loadTlsMaterial(dir, 'pump-server');
  const server = await startRestServer({
    app: rest.app,
    host: '127.0.0.1',
    port: 0,
    tls: { material, policy },
  });
  return {
    dir,
    authority,
    rootPem,
    clock,
    inventory,
    events,
    sender,
    services,
    rest,
    server,
    request: (method, path, options) => send(server.port, rootPem, method, path, options),
    close: async () => {
      await server.close();
      services.close();
      authority.close();
    },
  };
}

function send(
  port: number,
  ca: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Reply> {
  const payload = options.json !== undefined ? JSON.stringify(options.json) : options.body;
  const headers: Record<string, string> = {
    ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(payload !== undefined ? { 'content-length': String(Buffer.byteLength(payload)) } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port, method, path, headers, ca, agent: false, ...options.client },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
