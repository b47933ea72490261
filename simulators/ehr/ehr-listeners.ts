import type { Express } from 'express';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { RevocationReloader } from '../../pki/tls/revocation-reloader.ts';
import type { ServerTlsPolicy, TlsMaterial } from '../../pki/tls/tls-material.ts';
import type { Hl7Responder } from '../hl7/message/ack.ts';
import type { MllpHandler } from '../hl7/mllp/mllp-responder.ts';
import { startMllpServer } from '../hl7/mllp/mllp-server.ts';
import { startRestServer } from '../http/start-rest-server.ts';
import type { EhrAddresses, EhrListenAt } from './ehr-options.ts';
import type { MllpSecurityEvents } from '../hl7/mllp/mllp-security-events.ts';

/** What the EHR's two listeners serve, and with which identity and policy. */
export interface EhrListenerParts {
  stateDir: string;
  material: TlsMaterial;
  policy: ServerTlsPolicy;
  handler: MllpHandler;
  responder: Hl7Responder;
  app: Express;
  clock: Clock;
  logger: Logger;
}

/** The running listeners. */
export interface EhrListeners {
  addresses: EhrAddresses;
  /** What the HL7 listener refused (bad TLS, malformed or rejected messages): the monitor's feed. */
  hl7SecurityEvents: MllpSecurityEvents;
  close(): Promise<void>;
}

/**
 * Starts the HL7 listener (MLLP over TLS, PCD-01 and PCD-04 in) and the REST API (HTTPS), both with
 * the EHR's lab identity; with mutual TLS and revocation checks on, both reload the CRLs as the lab
 * publishes them. If the second fails to start, the first is closed again.
 *
 * @example const listeners = await startEhrListeners(parts, { host: '127.0.0.1', hl7Port: 0, restPort: 0 });
 */
export async function startEhrListeners(parts: EhrListenerParts, at: EhrListenAt): Promise<EhrListeners> {
  const hl7 = await startMllpServer({
    host: at.host,
    port: at.hl7Port,
    acceptFrom: at.acceptFrom,
    tls: { material: parts.material, policy: parts.policy, stateDir: parts.stateDir },
    handler: parts.handler,
    responder: parts.responder,
    clock: parts.clock,
    logger: parts.logger,
  });
  try {
    const rest = await startRestServer({
      app: parts.app,
      host: at.host,
      port: at.restPort,
      acceptFrom: at.acceptFrom,
      tls: { material: parts.material, policy: parts.policy },
    });
    const reloader = parts.policy.checkRevocation
      ? RevocationReloader.watch(rest.server, {
          stateDir: parts.stateDir,
          material: parts.material,
          policy: parts.policy,
          logger: parts.logger,
        })
      : undefined;
    reloader?.on('failed', (error) => parts.logger.error({ err: error }, error.message));
    return {
      hl7SecurityEvents: hl7.securityEvents,
      addresses: {
        hl7: { host: at.host, port: hl7.port, protocol: 'mllp+tls' },
        rest: { host: at.host, port: rest.port, protocol: 'https' },
      },
      close: async () => {
        reloader?.close();
        await Promise.all([rest.close(), hl7.close()]);
      },
    };
  } catch (error) {
    await hl7.close();
    throw error;
  }
}
