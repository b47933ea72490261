import { ehrDestination } from '../../simulators/pump-server/hl7/hl7-senders.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';

/**
 * The MSH-10 control ids of the HL7 messages the pump server sent the EHR, oldest first: what tells
 * its reports apart from a forged PCD-01 that reached the chart. Read from the server's outbox, which
 * keeps the control ids the EHR acknowledged (the newest 50,000, hl7-outbox.ts), and from the head of
 * its queue to the EHR: the one message its sender may have on the wire, since it waits for each
 * acknowledgement before the next (HL7 v2.6 2.9.2), which the EHR may have charted already while its
 * ACK is not yet read. Empty when the server has no HL7 side.
 *
 * @example sentToEhr(lab.server) // ['Pm5x2k1s0a3f91', 'Pm5x2k1s0a3f92']
 */
export function sentToEhr(server: Pick<PumpServer, 'hl7'>): string[] {
  const outbox = server.hl7?.outbox;
  if (!outbox) return [];
  const delivered = outbox.deliveredControlIds(ehrDestination);
  const onTheWire = outbox.next(ehrDestination)?.controlId;
  return onTheWire === undefined ? delivered : [...delivered, onTheWire];
}
