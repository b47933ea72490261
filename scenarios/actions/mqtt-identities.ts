import crypto from 'node:crypto';
import { z } from 'zod';
import type { AttackContext, ClientEvidence } from './action.ts';
import type { MqttIdentity } from './clients/mqtt-session.ts';
import { evidence, evidenceCodes } from './evidence.ts';

/** Who an MQTT client claims to be: nobody, a pump by its serial, or a stolen pump by its certificate. */
export const mqttIdentitySchema = z.enum(['none', 'claim-serial', 'stolen-device']);
export type MqttIdentityKind = z.infer<typeof mqttIdentitySchema>;

/**
 * The client id, username and certificate an identity gives:
 * - `none`: a random `mqttjs_` id (mqtt.js's default form), which is no pump serial, and no certificate;
 * - `claim-serial`: the victim's serial as client id and username, no certificate: what the broker
 *   believes without mutual TLS (authenticate.ts, decideByClaim);
 * - `stolen-device`: the first stolen pump's certificate and key, with its serial as client id.
 */
export function mqttIdentity(
  context: AttackContext,
  kind: MqttIdentityKind,
  claimedSerial?: string,
): { ok: true; identity: MqttIdentity } | { ok: false; evidence: ClientEvidence } {
  if (kind === 'none')
    return { ok: true, identity: { clientId: `mqttjs_${crypto.randomBytes(4).toString('hex')}` } };
  if (kind === 'claim-serial') {
    if (!claimedSerial) {
      return { ok: false, evidence: evidence('mqtt', evidenceCodes.noTarget, 'no pump serial to claim') };
    }
    return { ok: true, identity: { clientId: claimedSerial, username: claimedSerial } };
  }
  const stolen = context.loot.credentials[0];
  if (!stolen) {
    return {
      ok: false,
      evidence: evidence('mqtt', evidenceCodes.noCredential, 'no stolen device credential'),
    };
  }
  return {
    ok: true,
    identity: {
      clientId: stolen.serial,
      credential: { certificatePem: stolen.certificatePem, keyPem: stolen.keyPem },
    },
  };
}
