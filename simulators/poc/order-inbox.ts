import type { Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { ServerTlsPolicy, TlsMaterial } from '../../pki/tls/tls-material.ts';
import { buildAck, type Hl7Responder } from '../hl7/message/ack.ts';
import { acknowledgementPlan, refusalCode } from '../hl7/message/acknowledgement-plan.ts';
import { startMllpServer, type MllpServer } from '../hl7/mllp/mllp-server.ts';
import type { OrderLink } from './order-link.ts';

export interface OrderInboxOptions {
  /** Loopback by default; 0 (default) picks a free port. */
  host?: string;
  port?: number;
  /** The workstation's own lab identity (`poc-1` is a `service` certificate: it may listen). */
  tls?: { material: TlsMaterial; policy: ServerTlsPolicy };
  /** Where the answers go: the link whose order they acknowledge. */
  link: Pick<OrderLink, 'deliver'>;
  /** MSH-3/4 of the inbox's own ACKs. */
  responder: Hl7Responder;
  clock: Clock;
  logger?: Logger;
}

/**
 * The workstation's listener for application acknowledgements that arrive on a connection of their
 * own: after an accept ACK^O15, IHE PCD TF-2 Appendix G.1 has the pump server send the RRG^O16 on a
 * new connection to the order's sender (the pump server's `orderSenders` route for `POC`). Each
 * RRG^O16 is handed to the link and answered with the accept acknowledgement its MSH-15 asks for
 * (CA; AA in original mode), also when no order awaits it any more (it timed out): it was received,
 * and refusing it would only make the pump server send it again. Anything else is refused (AR/CR 200).
 *
 * @example const inbox = await startOrderInbox({ tls: { material, policy }, link, responder, clock });
 *   // pump server: orderSenders: { POC: { host: inbox.host, port: inbox.port } }
 */
export async function startOrderInbox(options: OrderInboxOptions): Promise<MllpServer> {
  const logger = (options.logger ?? silentLogger).child({ component: 'poc-order-inbox' });
  return startMllpServer({
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.tls ? { tls: options.tls } : {}),
    responder: options.responder,
    clock: options.clock,
    logger,
    handler: async (parsed) => {
      const plan = acknowledgementPlan(parsed);
      const timestamp = options.clock.now();
      const { responder } = options;
      if (parsed.messageCode !== 'RRG' || parsed.triggerEvent !== 'O16') {
        const text = 'The point-of-care inbox takes RRG^O16 only.';
        const errors = [{ code: '200', severity: 'E' as const, location: 'MSH^1^9', text }];
        return buildAck(parsed, { code: refusalCode(plan, true), errors, responder, timestamp });
      }
      if (!options.link.deliver(parsed)) {
        logger.warn(
          { acknowledges: parsed.segment('MSA')?.field(2) ?? '' },
          'RRG^O16 for no order in flight',
        );
      }
      const code = plan.mode === 'enhanced' ? 'CA' : 'AA';
      return buildAck(parsed, { code, responder, timestamp });
    },
  });
}
