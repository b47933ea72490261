import type { AttackContext, ClientEvidence, StepReport } from './action.ts';
import { connectMqtt, type MqttSession } from './clients/mqtt-session.ts';
import { connackCode, connectionChannel, evidence, report } from './evidence.ts';
import { mqttIdentity, type MqttIdentityKind } from './mqtt-identities.ts';
import { addressOf, endpointFor } from './targets.ts';

/** An MQTT session the attacker holds on the broker, with the evidence of getting it. */
export interface BrokerSession {
  session: MqttSession;
  /** `host:port` of the broker as dialled. */
  where: string;
  items: ClientEvidence[];
}

/**
 * Reaches the broker from the attacker's zone and connects as `identity` (claiming
 * `claimedSerial` where the identity claims one); or the blocked report saying why not.
 */
export async function openBrokerSession(
  context: AttackContext,
  identity: MqttIdentityKind,
  claimedSerial?: string,
): Promise<{ ok: true; broker: BrokerSession } | { ok: false; report: StepReport }> {
  const reached = endpointFor(context, 'mqtt');
  if (!reached.ok)
    return { ok: false, report: report('blocked', 'The broker is out of reach.', [reached.evidence]) };
  const who = mqttIdentity(context, identity, claimedSerial);
  if (!who.ok)
    return { ok: false, report: report('blocked', 'No identity to connect with.', [who.evidence]) };
  const where = addressOf(reached.endpoint);
  const connected = await connectMqtt(reached.endpoint, context.attacker.address, who.identity);
  if (!connected.ok) {
    const item = evidence(connectionChannel(connected.code), connected.code, connected.line, where);
    return { ok: false, report: report('blocked', 'The broker refused the connection.', [item]) };
  }
  const items = [evidence('mqtt', connackCode(0), 'connected', where)];
  return { ok: true, broker: { session: connected.session, where, items } };
}
