import type { Clock } from '../../../core/clock.ts';
import type { Logger } from '../../../core/logger.ts';
import type { ServerTlsPolicy, TlsMaterial } from '../../../pki/tls/tls-material.ts';
import { buildAck, type Hl7Responder } from '../../hl7/message/ack.ts';
import { refusalCode } from '../../hl7/message/acknowledgement-plan.ts';
import { startMllpServer, type MllpServer } from '../../hl7/mllp/mllp-server.ts';
import type { ConnectionLimits } from '../../hl7/mllp/mllp-connection.ts';
import type { MllpHandler } from '../../hl7/mllp/mllp-responder.ts';
import { handleAdt, type AdtHandlerParts } from './adt-handler.ts';
import { handlePcd03, type Pcd03HandlerParts } from './pcd03-handler.ts';
import type { ListenAt } from '../../net/source-guard.ts';

/** What the pump server's HL7 listener serves. */
export interface Hl7ListenerOptions extends ListenAt {
  /** TLS (with mutual TLS when the policy requires client certificates); none for MLLP in clear. */
  tls?: { material: TlsMaterial; policy: ServerTlsPolicy; stateDir: string };
  adt: AdtHandlerParts;
  pcd03: Pcd03HandlerParts;
  responder: Hl7Responder;
  limits?: Partial<ConnectionLimits>;
  clock: Clock;
  logger: Logger;
}

/**
 * Starts the pump server's HL7 v2 listener (MLLP over TLS): ADT A01/A02/A03/A08 from the EHR and
 * [PCD-03] RGV^O15 from point-of-care systems. The transport answers what cannot be parsed or does
 * not fit its structure (mllp-responder.ts); any other message type the listener supports in
 * general (ORU, RRG, ACK) is not for the pump server and is rejected here with AR (CR in enhanced
 * mode) and ERR 200, unsupported message type (HL7 v2.6 2.9.2.2).
 *
 * @example const listener = await startHl7Listener({ host: '127.0.0.1', port: 2575, ... });
 */
export function startHl7Listener(options: Hl7ListenerOptions): Promise<MllpServer> {
  const handler: MllpHandler = async (parsed, context) => {
    if (parsed.messageCode === 'ADT') return handleAdt(parsed, context.plan, options.adt);
    if (parsed.messageCode === 'RGV' && parsed.triggerEvent === 'O15') {
      return handlePcd03(parsed, context.plan, options.pcd03);
    }
    options.logger.warn(
      { controlId: parsed.controlId, type: parsed.messageType },
      'HL7 message not for the pump server',
    );
    return buildAck(parsed, {
      code: refusalCode(context.plan, true),
      responder: options.responder,
      timestamp: options.clock.now(),
      errors: [
        {
          code: '200',
          severity: 'E',
          location: 'MSH^1^9',
          text: `The pump server takes ADT and RGV^O15, not ${parsed.messageCode}^${parsed.triggerEvent}.`,
        },
      ],
    });
  };
  return startMllpServer({
    host: options.host,
    port: options.port,
    acceptFrom: options.acceptFrom,
    handler,
    responder: options.responder,
    ...(options.tls ? { tls: options.tls } : {}),
    ...options.limits,
    clock: options.clock,
    logger: options.logger,
  });
}
