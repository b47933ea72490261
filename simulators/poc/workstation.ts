import type { Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import {
  policyForPeer,
  type ClientTlsPolicy,
  type ServerTlsPolicy,
  type TlsMaterial,
} from '../../pki/tls/tls-material.ts';
import type { MllpServer } from '../hl7/mllp/mllp-server.ts';
import type { Hl7Party } from '../hl7/pcd/pcd-fields.ts';
import { BcmaSession, type ConfirmHook } from './bcma-session.ts';
import { EhrClient } from './ehr-client.ts';
import { startOrderInbox } from './order-inbox.ts';
import { OrderLink } from './order-link.ts';

/** Defaults of a workstation. */
export const pointOfCareDefaults = {
  /** The lab identity a point-of-care workstation presents (lab/setup/lab-identities.ts). */
  identity: 'poc-1',
  /** MSH-3/4 of the orders it sends; the pump server routes RRG^O16 by MSH-3.1. */
  sender: { application: 'POC', facility: 'PUMPLAB' } satisfies Hl7Party,
  /** MSH-5/6: the pump server's Infusion Order Consumer. */
  receiver: { application: 'PUMPSRV', facility: 'PUMPLAB' } satisfies Hl7Party,
};

/** Where a peer listens; `servername` when its certificate does not name `host` (RFC 6125). */
export interface Endpoint {
  host: string;
  port: number;
  servername?: string;
  /** The address the workstation speaks from (its own address in a zoned lab). */
  localAddress?: string;
}

export interface PointOfCareOptions {
  /** The workstation's TLS identity (`loadTlsMaterial(stateDir, 'poc-1')`) and how it checks peers. */
  tls: { material: TlsMaterial; policy: Omit<ClientTlsPolicy, 'servername'> };
  /** The EHR's REST API (HTTPS). */
  ehr: Endpoint;
  /** The pump server's PCD-03 listener (MLLP over TLS). */
  pumpServer: Endpoint;
  /**
   * Listen for RRG^O16 sent on a connection of the pump server's own (TF-2 Appendix G.1; the pump
   * server's `orderSenders` route for `POC` points here). Without it, the RRG^O16 comes back on the
   * order's connection.
   */
  inbox?: { host?: string; port?: number; policy: ServerTlsPolicy };
  /** The lab clock: the five rights' "right time", MSH-7, ORC-9. */
  clock: Clock;
  /** ORC-19 of every order sent (the nurse logged in at the workstation). */
  nurseId?: string;
  /** The "right time" window either side of dueAt, ms (default 30 min). */
  windowMs?: number;
  /**
   * Called when the nurse confirms an order the pump server accepted, before the EHR order is
   * marked in-progress. The integrator wires it to start the pump: the pump server holds an accepted
   * program until `orders.confirmStart(infusion.orderId)` (pump-server/hl7, unless it runs with
   * autoStart). A throw leaves the order unmarked and the session `accepted`, to confirm again.
   */
  onConfirm?: ConfirmHook;
  sender?: Hl7Party;
  receiver?: Hl7Party;
  responseTimeoutMs?: number;
  logger?: Logger;
}

/**
 * The point-of-care / BCMA workstation of the `clinical-systems` zone: reads orders from the EHR
 * over HTTPS and sends verified ones to the pump server over MLLP/TLS, both with its own lab
 * certificate. Each nurse workflow is a {@link BcmaSession}.
 *
 * @example
 * const poc = await PointOfCare.start({ tls: { material: loadTlsMaterial(dir, 'poc-1'),
 *   policy: { checkRevocation: true } }, ehr: { host, port: 8443 }, pumpServer: { host, port: 2575 }, clock });
 * const session = poc.session(); // scan, verify, send, confirm
 * await poc.close();
 */
export class PointOfCare {
  readonly ehr: EhrClient;
  readonly link: OrderLink;
  readonly clock: Clock;
  /** The RRG^O16 listener, when `inbox` was asked for. */
  inbox: MllpServer | undefined;
  private readonly logger: Logger;
  private sequence = 0;

  private constructor(private readonly options: PointOfCareOptions) {
    const { material, policy } = options.tls;
    this.clock = options.clock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'poc', identity: material.name });
    const { ehr, pumpServer } = options;
    this.ehr = new EhrClient({
      baseUrl: `https://${ehr.host.includes(':') ? `[${ehr.host}]` : ehr.host}:${ehr.port}`,
      tls: { material, policy: policyForPeer(policy, ehr) },
      logger: this.logger,
    });
    this.link = new OrderLink({
      host: pumpServer.host,
      port: pumpServer.port,
      tls: { material, policy: policyForPeer(policy, pumpServer) },
      routedAnswers: options.inbox !== undefined,
      ...(options.responseTimeoutMs === undefined ? {} : { responseTimeoutMs: options.responseTimeoutMs }),
      logger: this.logger,
    });
  }

  /** Creates the workstation and starts its inbox when one is asked for. */
  static async start(options: PointOfCareOptions): Promise<PointOfCare> {
    const poc = new PointOfCare(options);
    const { inbox } = options;
    if (inbox) {
      const sender = options.sender ?? pointOfCareDefaults.sender;
      poc.inbox = await startOrderInbox({
        ...(inbox.host === undefined ? {} : { host: inbox.host }),
        ...(inbox.port === undefined ? {} : { port: inbox.port }),
        tls: { material: options.tls.material, policy: inbox.policy },
        link: poc.link,
        responder: { app: sender.application, facility: sender.facility },
        clock: options.clock,
        logger: poc.logger,
      });
    }
    return poc;
  }

  /** A new nurse workflow, starting at the wristband scan. */
  session(): BcmaSession {
    const { options } = this;
    return new BcmaSession({
      ehr: this.ehr,
      link: this.link,
      clock: this.clock,
      sender: options.sender ?? pointOfCareDefaults.sender,
      receiver: options.receiver ?? pointOfCareDefaults.receiver,
      nextControlId: () => this.nextControlId(),
      ...(options.nurseId === undefined ? {} : { nurseId: options.nurseId }),
      ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
      ...(options.onConfirm === undefined ? {} : { onConfirm: options.onConfirm }),
      logger: this.logger,
    });
  }

  /** Stops the inbox and closes the MLLP connection and the EHR client's kept-alive connections. */
  async close(): Promise<void> {
    this.ehr.close();
    await Promise.all([this.link.close(), this.inbox?.close()]);
  }

  /** MSH-10, unique per workstation and run: lab time in base 36 and a sequence (at most 20 characters). */
  private nextControlId(): string {
    this.sequence += 1;
    return `P${this.clock.now().toString(36).toUpperCase()}-${this.sequence}`.slice(0, 20);
  }
}
