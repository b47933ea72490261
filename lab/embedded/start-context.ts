import type { LabClock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import type { LabNetwork } from '../network/lab-network.ts';
import type { EmbeddedLabOptions, EmbeddedLabPorts } from './lab-options.ts';

/** What every startup step shares. */
export interface StartContext {
  options: EmbeddedLabOptions;
  ports: Required<EmbeddedLabPorts>;
  /** Any port 0: every listener, the gateway's included, takes a free port. */
  freePorts: boolean;
  network: LabNetwork;
  clock: LabClock;
  random: Random;
  logger: Logger;
}

/** A listen error on a port in use, as the catalogue's LAB_PORT_IN_USE; undefined for any other. */
export function portInUse(error: unknown, host: string): PumplabError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return undefined;
  return new PumplabError(
    'LAB_PORT_IN_USE',
    `Port ${String(port)} on ${host} is in use.`,
    { host, port },
    { cause: error },
  );
}
