import crypto from 'node:crypto';
import { z } from 'zod';
import { statusSchema, type StatusMessage } from '../../simulators/contract/pump-messages.ts';
import { channels, pumpTopic } from '../../simulators/contract/topics.ts';
import { pumpModel } from '../../simulators/fleet/fleet-plan.ts';
import type { Action } from './action.ts';
import { connectMqtt } from './clients/mqtt-session.ts';
import { connackCode, connectionChannel, evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { mqttIdentity } from './mqtt-identities.ts';
import { addressOf, endpointFor } from './targets.ts';

const params = z.strictObject({
  /** The serial the rogue device announces (one the hospital never bought). */
  serial: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
  identity: z.enum(['none', 'stolen-device']),
});

/**
 * A device the hospital never bought joins the broker as a pump: it connects with `serial` as
 * client id (or with a stolen pump's certificate) and publishes a contract status on its status
 * topic, retained, as a pump does. Done when the broker acknowledged it (MQTT 3.1.1 4.3.2); whether
 * the server took the device into its inventory is the engine's to observe.
 */
export const mqttRogueDevice: Action<typeof params> = {
  name: 'mqtt-rogue-device',
  summary: 'Connects an unknown device as a pump and publishes a contract status.',
  params,
  async run(context, { serial, identity }) {
    const reached = endpointFor(context, 'mqtt');
    if (!reached.ok) return report('blocked', 'The broker is out of reach.', [reached.evidence]);
    const stolen = mqttIdentity(context, 'stolen-device');
    if (identity === 'stolen-device' && !stolen.ok)
      return report('blocked', 'No stolen credential.', [stolen.evidence]);
    // The rogue device speaks as `serial` even when it presents a stolen certificate.
    const credential = identity === 'stolen-device' && stolen.ok ? stolen.identity.credential : undefined;
    const where = addressOf(reached.endpoint);
    const connected = await connectMqtt(reached.endpoint, context.attacker.address, {
      clientId: serial,
      ...(credential ? { credential } : {}),
    });
    if (!connected.ok) {
      const item = evidence(connectionChannel(connected.code), connected.code, connected.line, where);
      return report('blocked', 'The broker refused the rogue device.', [item]);
    }
    const { session } = connected;
    try {
      const status = rogueStatus(serial, context.lab.now());
      const published = await session.publish(
        pumpTopic(serial, 'status'),
        JSON.stringify(status),
        channels.status.retain,
      );
      const items = [
        evidence('mqtt', connackCode(0), 'connected', where),
        published.ok
          ? evidence('mqtt', evidenceCodes.puback, 'status acknowledged', serial)
          : evidence('mqtt', published.code, `status: ${published.line}`, serial),
      ];
      const summary = published.ok
        ? `The broker acknowledged the status of rogue device ${serial}.`
        : `The broker dropped the status of rogue device ${serial}.`;
      return report(statusOf(published.ok), summary, items);
    } finally {
      await session.close();
    }
  },
};

/** A contract status of an idle legacy pump, fresh out of its box. */
function rogueStatus(serial: string, now: number): StatusMessage {
  return statusSchema.parse({
    serial,
    boot: crypto.randomBytes(4).toString('hex'),
    seq: 0,
    sentAt: new Date(now).toISOString(),
    model: pumpModel,
    firmware: '2.4.0',
    libraryVersion: null,
    careArea: 'icu',
    state: 'standby',
    alarms: [],
    batteryPercent: 100,
    infusion: null,
  });
}
