import { once } from 'node:events';
import tls from 'node:tls';
import { afterAll } from 'vitest';
import { systemClock } from '../../../core/clock.ts';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial } from '../../../pki/tls/tls-material.ts';
import {
  startAdmissionService,
  type AdmissionService,
  type AdmissionServiceOptions,
} from '../../../gateway/admission/admission-service.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import {
  requestAdmission,
  type AdmissionResult,
} from '../../../simulators/pump/network/network-admission.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** The gateway's address in the pump network (default topology). */
export const gatewayHost = '127.10.0.1';
export const topology = readTopologyFile();

/** A lab PKI with `pumps` device identities (pump-PL00001 onwards) in a fresh temporary folder. */
export function labPki(pumps = 4): string {
  const dir = tempDir('pumplab-admission-');
  ensureLabPki(dir, { pumps });
  return dir;
}

/** An admission service on the pump network's gateway address, port 0, closed after the file. */
export async function startAdmission(
  stateDir: string,
  options: Partial<AdmissionServiceOptions> = {},
): Promise<AdmissionService> {
  const service = await startAdmissionService({
    stateDir,
    listen: { host: gatewayHost, port: 0 },
    pumpZone: 'pump-network',
    zoneOf: topology.zoneOf,
    clock: systemClock,
    ...options,
  });
  afterAll(() => service.close());
  return service;
}

/** What the lab identity `name` in `stateDir` presents and trusts, as a pump's `tls` option. */
export function credentialsOf(stateDir: string, name: string): { key: string; cert: string; ca: string } {
  const material = loadTlsMaterial(stateDir, name);
  return { key: material.key, cert: material.cert, ca: material.ca };
}

/** Asks `service` to admit whoever holds `credentials`, presenting from `localAddress`. */
export function presentFrom(
  service: AdmissionService,
  localAddress: string,
  credentials: { key: string; cert: string; ca: string },
): Promise<AdmissionResult> {
  return requestAdmission({ host: gatewayHost, port: service.port, localAddress, tls: credentials });
}

/** Connects without any client certificate and returns the verdict line the service sent. */
export async function presentNothing(
  service: AdmissionService,
  localAddress: string,
  ca: string,
): Promise<unknown> {
  const socket = tls.connect({
    host: gatewayHost,
    port: service.port,
    // tls.connect takes every net.connect option; @types/node lists only the TLS ones.
    ...{ localAddress },
    ca,
    servername: 'gateway',
  });
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  await once(socket, 'end');
  socket.destroy();
  return JSON.parse(text) as unknown;
}
