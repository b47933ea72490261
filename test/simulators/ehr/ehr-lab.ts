import https from 'node:https';
import { ManualClock } from '../../../core/clock.ts';
import { createLogger } from '../../../core/logger.ts';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../../pki/tls/tls-material.ts';
import { Ehr } from '../../../simulators/ehr/ehr.ts';
import type { EhrAddresses, EhrOptions } from '../../../simulators/ehr/ehr-options.ts';
import type { AckCode } from '../../../simulators/hl7/message/acknowledgement-plan.ts';
import { buildAck } from '../../../simulators/hl7/message/ack.ts';
import type { ParsedHl7 } from '../../../simulators/hl7/message/hl7-parse.ts';
import { MllpClient } from '../../../simulators/hl7/mllp/mllp-client.ts';
import { startMllpServer, type MllpServer } from '../../../simulators/hl7/mllp/mllp-server.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { readReply, type Reply } from '../../helpers/https-reply.ts';

/** The lab PKI of the EHR tests: the EHR, a pump server and a point-of-care workstation. */
export interface EhrPki {
  dir: string;
  pumpServer: TlsMaterial;
  poc: TlsMaterial;
}

/** Creates a PKI in a fresh temp dir (removed after the test file). */
export function ehrPki(): EhrPki {
  const dir = tempDir('pumplab-ehr-');
  const authority = CertificateAuthority.init(dir);
  for (const name of ['ehr', 'pump-server', 'poc-1']) {
    authority.issue({ name, role: 'service', ipAddresses: ['127.0.0.1'] });
  }
  authority.close();
  return { dir, pumpServer: loadTlsMaterial(dir, 'pump-server'), poc: loadTlsMaterial(dir, 'poc-1') };
}

/** A stand-in for the pump server's HL7 listener: records each ADT and answers with `reply.code`. */
export interface AdtSink {
  server: MllpServer;
  received: ParsedHl7[];
  reply: { code: AckCode };
}

/** One HTTPS response, read whole. */
export type { Reply } from '../../helpers/https-reply.ts';

/** A running EHR with its ADT sink, log lines, a PCD sender and a REST caller. */
export interface EhrLab {
  pki: EhrPki;
  clock: ManualClock;
  ehr: Ehr;
  at: EhrAddresses;
  sink: AdtSink;
  /** Every log line the EHR wrote, at debug and above. */
  logs: string[];
  /** An MLLP client with the pump server's lab certificate. */
  pumpServer: MllpClient;
  /** Calls the REST API; with `client: false`, without a client certificate. */
  request(method: string, path: string, options?: { json?: unknown; client?: false }): Promise<Reply>;
  close(): Promise<void>;
}

/** 2026-03-02 09:00 UTC: every run sees the same lab time, so seeded runs compare. */
export const labStart = Date.UTC(2026, 2, 2, 9, 0, 0);

/** Starts an EHR on loopback (ports 0) over `pki`, its ADT going to a fresh sink. */
export async function startEhrLab(pki: EhrPki, overrides: Partial<EhrOptions> = {}): Promise<EhrLab> {
  const material = loadTlsMaterial(pki.dir, 'pump-server');
  const received: ParsedHl7[] = [];
  const reply: AdtSink['reply'] = { code: 'CA' };
  const server = await startMllpServer({
    tls: { material, policy: { requireClientCert: true, checkRevocation: true } },
    handler: async (parsed) => {
      received.push(parsed);
      return buildAck(parsed, { code: reply.code, responder: { app: 'PUMPSRV', facility: 'PUMPLAB' } });
    },
  });
  const sink: AdtSink = { server, received, reply };
  const logs: string[] = [];
  const clock = new ManualClock(labStart);
  const ehr = new Ehr({
    stateDir: pki.dir,
    library: sampleDrugLibrary,
    patients: 6,
    seed: 11,
    clock,
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } }),
    pumpServerHl7: { host: '127.0.0.1', port: sink.server.port },
    ...overrides,
  });
  const at = await ehr.start({ host: '127.0.0.1', hl7Port: 0, restPort: 0 });
  const pumpServer = new MllpClient({
    host: '127.0.0.1',
    port: at.hl7.port,
    tls: { material: pki.pumpServer, policy: { checkRevocation: true } },
  });
  return {
    pki,
    clock,
    ehr,
    at,
    sink,
    logs,
    pumpServer,
    request: (method, path, options = {}) =>
      send(at.rest.port, pki.poc, method, path, options.json, options.client !== false),
    close: async () => {
      await pumpServer.close();
      await ehr.close();
      await sink.server.close();
    },
  };
}

function send(
  port: number,
  material: TlsMaterial,
  method: string,
  path: string,
  json: unknown,
  withCertificate: boolean,
): Promise<Reply> {
  const payload = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string> = payload === undefined ? {} : { 'content-type': 'application/json' };
  const identity = withCertificate ? { key: material.key, cert: material.cert } : {};
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port, method, path, headers, ca: material.ca, agent: false, ...identity },
      (response) => void readReply(response).then(resolve, reject),
    );
    request.on('error', reject);
    request.end(payload);
  });
}
