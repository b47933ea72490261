import crypto from 'node:crypto';
import { z } from 'zod';
import type { Action, ClientEvidence } from './action.ts';
import { askAdmission } from './clients/admission-client.ts';
import { connectMqtt } from './clients/mqtt-session.ts';
import {
  connackCode,
  connectionChannel,
  evidence,
  evidenceCodes,
  quarantineCode,
  report,
} from './evidence.ts';
import { addressOf, endpointFor } from './targets.ts';

const params = z.strictObject({
  identity: z.enum(['none', 'stolen-device']),
});

/** The gateway's admission service, as the lab names it for reach(). */
export const admissionService = 'admission';

/**
 * A device of the attacker's plugs into the pump network (a stolen pump's certificate, or none):
 * where the lab runs device admission (802.1X with EAP-TLS, SP 1800-8 Vol B 4.3) it presents itself
 * there first, then it tries the broker. Reaching the broker means an MQTT answer (a CONNACK of any
 * code: the network let it through); a reset, a TLS alert or a timeout means it was kept out.
 */
export const joinPumpNetwork: Action<typeof params> = {
  name: 'join-pump-network',
  summary: "Plugs a device into the pump network, asks the gateway's admission, and tries the broker.",
  params,
  async run(context, { identity }) {
    const stolen = context.loot.credentials[0];
    if (identity === 'stolen-device' && !stolen) {
      return report('blocked', 'No stolen credential.', [
        evidence('admission', evidenceCodes.noCredential, 'no stolen device'),
      ]);
    }
    const credential =
      identity === 'stolen-device' && stolen
        ? { certificatePem: stolen.certificatePem, keyPem: stolen.keyPem }
        : undefined;
    const items: ClientEvidence[] = [];
    if (context.lab.settings.admission) {
      const gate = endpointFor(context, admissionService);
      if (!gate.ok) items.push(gate.evidence);
      else {
        const verdict = await askAdmission(gate.endpoint, context.attacker.address, credential);
        if (!verdict.ok)
          items.push(
            evidence(connectionChannel(verdict.code), verdict.code, verdict.line, addressOf(gate.endpoint)),
          );
        else if (verdict.verdict.verdict === 'admitted')
          items.push(evidence('admission', evidenceCodes.accepted, 'admitted to the pump network'));
        else items.push(evidence('admission', quarantineCode(verdict.verdict.reason), 'held in quarantine'));
      }
    }
    const broker = endpointFor(context, 'mqtt');
    if (!broker.ok) return report('blocked', 'The broker is out of reach.', [...items, broker.evidence]);
    const clientId = stolen && credential ? stolen.serial : `mqttjs_${crypto.randomBytes(4).toString('hex')}`;
    const where = addressOf(broker.endpoint);
    const connected = await connectMqtt(broker.endpoint, context.attacker.address, {
      clientId,
      ...(credential ? { credential } : {}),
    });
    if (connected.ok) {
      await connected.session.close();
      items.push(evidence('mqtt', connackCode(0), 'the broker accepted the device', where));
      return report('done', 'The device reached the broker and was let in.', items);
    }
    if (connected.code.startsWith('CONNACK-')) {
      items.push(evidence('mqtt', connected.code, 'the broker answered but refused the session', where));
      return report('done', 'The device reached the broker, which refused its session.', items);
    }
    items.push(evidence(connectionChannel(connected.code), connected.code, connected.line, where));
    return report('blocked', 'The device never reached the broker.', items);
  },
};
