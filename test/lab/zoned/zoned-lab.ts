import net from 'node:net';
import tls from 'node:tls';
import { EmbeddedLab } from '../../../lab/embedded/embedded-lab.ts';
import type { ZoneOptions } from '../../../lab/network/start-lab-network.ts';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * A zoned embedded lab of four pumps on free ports. Lab time runs 10x: the monitor's windows are lab
 * time (a 60 s scan window is 6 real seconds), wide enough for a loaded machine's handshakes.
 */
export async function startZonedLab(
  seed: string,
  zones: ZoneOptions = {},
  firmwareMix?: Record<string, number>,
): Promise<EmbeddedLab> {
  const stateDir = tempDir('pumplab-zoned-');
  ensureLabPki(stateDir, { pumps: 4 });
  return EmbeddedLab.start({
    stateDir,
    pumps: 4,
    seed,
    clockSpeed: 10,
    ports: { mqtt: 0, rest: 0, hl7: 0, ehrHl7: 0, ehrRest: 0 },
    zones,
    ...(firmwareMix ? { firmwareMix } : {}),
  });
}

/** What a client saw: the service answered (TLS handshake or a banner), or its connection was cut. */
export type Reached = 'answered' | 'refused';

/** An address in `zone`'s range that no component uses: the gateway's .1 with the last octet .200. */
export const spareAddress = (gatewayAddress: string, last = 200): string =>
  gatewayAddress.replace(/\.\d+$/, `.${last}`);

/**
 * Connects from `localAddress` and reports whether the service behind answered: a TLS service
 * completes a handshake (the client does not check the certificate, and presents none: a TLS 1.3
 * server checks that only after the client's Finished), a plain one (the pump console) sends its
 * banner. A refusal, by a host firewall or by the gateway, is a reset before either.
 */
export function reach(
  target: { host: string; port: number },
  localAddress: string,
  plain: boolean,
): Promise<Reached> {
  // @types/node leaves localAddress out of tls.ConnectionOptions; tls.connect takes it (net.connect's).
  const from = { localAddress };
  return new Promise((resolve) => {
    const socket = plain
      ? net.connect({ ...target, ...from })
      : tls.connect({ ...target, ...from, rejectUnauthorized: false, servername: 'pumplab' });
    const settle = (outcome: Reached): void => {
      socket.destroy();
      resolve(outcome);
    };
    if (plain) socket.once('data', () => settle('answered'));
    else socket.once('secureConnect', () => settle('answered'));
    socket.once('error', () => settle('refused'));
    socket.once('close', () => settle('refused'));
  });
}
