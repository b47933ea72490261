import type { LabClock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import { RevocationReloader } from '../../pki/tls/revocation-reloader.ts';
import { loadTlsMaterial, type ServerTlsPolicy } from '../../pki/tls/tls-material.ts';
import type { DrugLibraryService } from './drug-library-service.ts';
import type { EventStore } from './event-store.ts';
import type { FirmwareCatalog } from './firmware-catalog.ts';
import type { FirmwareRollouts } from './firmware-rollouts.ts';
import type { CommandSender } from './ports.ts';
import { createReleaseServices } from './release-services.ts';
import { createRestApp } from './rest/create-rest-app.ts';
import { startRestServer } from '../http/start-rest-server.ts';
import type { RolloutPolicy } from './rollout-status.ts';
import { storePorts } from './store-ports.ts';
import type { ListenAt } from '../net/source-guard.ts';

/** Where the REST API listens. */
export interface RestAddress {
  host: string;
  port: number;
  protocol: 'https';
}

/** What the pump server's API side is built from: its store, its command sender and its identities. */
export interface ServerApiOptions {
  stateDir: string;
  /** The server's `service` certificate, presented to REST clients as to pumps. */
  identityName: string;
  /** The code-signing identity that signs drug libraries and firmware. */
  signerName: string;
  store: Pick<EventStore, 'inventory' | 'events'>;
  sender: CommandSender;
  clock: LabClock;
  random?: Random;
  logger: Logger;
  /** Control: REST clients must present a lab certificate (the biomed workstation's). */
  mutualTls: boolean;
  /** With mutual TLS: client certificates checked against the CRLs, reloaded as they change. */
  checkRevocation: boolean;
  rolloutPolicy?: Partial<RolloutPolicy>;
}

/** The running API side: the release services and the HTTPS server in front of them. */
export interface ServerApi {
  address: RestAddress;
  libraries: DrugLibraryService;
  firmware: FirmwareCatalog;
  rollouts: FirmwareRollouts;
  /** Stops the HTTPS server (every connection ended), then the rollouts and the release store. */
  close(): Promise<void>;
}

/**
 * Starts the pump server's release services (drug libraries, firmware, rollouts) over the event
 * store's ports and serves them with the inventory and events as the REST API, over HTTPS with the
 * server's lab identity (SP 1800-8 Vol B 3.4: the pump server's management interface).
 *
 * @throws PumplabError PKI_UNKNOWN_NAME, PKI_CRL_INVALID; the listen error (EADDRINUSE) as it is.
 * @example const api = await startServerApi(options, { host: '127.0.0.1', port: 8443 });
 */
export async function startServerApi(options: ServerApiOptions, at: ListenAt): Promise<ServerApi> {
  const { inventory, events } = storePorts(options.store);
  const releases = createReleaseServices({
    stateDir: options.stateDir,
    signerName: options.signerName,
    inventory,
    sender: options.sender,
    clock: options.clock,
    logger: options.logger,
    ...(options.random ? { random: options.random } : {}),
    ...(options.rolloutPolicy ? { rolloutPolicy: options.rolloutPolicy } : {}),
  });
  try {
    const { app } = createRestApp({
      inventory,
      events,
      ...releases,
      clock: options.clock,
      logger: options.logger,
    });
    const material = loadTlsMaterial(options.stateDir, options.identityName);
    const policy: ServerTlsPolicy = {
      requireClientCert: options.mutualTls,
      checkRevocation: options.mutualTls && options.checkRevocation,
    };
    const rest = await startRestServer({ app, ...at, tls: { material, policy } });
    const reloader = policy.checkRevocation
      ? RevocationReloader.watch(rest.server, {
          stateDir: options.stateDir,
          material,
          policy,
          logger: options.logger,
        })
      : undefined;
    reloader?.on('failed', (error) => options.logger.error({ err: error }, error.message));
    options.logger.info(
      { host: at.host, port: rest.port, mutualTls: options.mutualTls },
      'REST API listening',
    );
    return {
      address: { host: at.host, port: rest.port, protocol: 'https' },
      libraries: releases.libraries,
      firmware: releases.firmware,
      rollouts: releases.rollouts,
      close: async () => {
        reloader?.close();
        await rest.close();
        releases.close();
      },
    };
  } catch (error) {
    releases.close();
    throw error;
  }
}
