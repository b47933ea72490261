import { z } from 'zod';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { dial, firstBytes } from './clients/dial.ts';
import { connectionChannel, evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { addressOf, consoleService, consoleTargets } from './targets.ts';

const params = z.strictObject({
  /** Service names of the topology (mqtt, hl7, rest, ehr-hl7, ehr-rest, pump-maintenance). */
  services: z.array(z.string().min(1).max(40)).min(1).max(20),
});

/** The one plain-text service: the pump console greets with a banner; every other lab service speaks TLS. */
const plainServices: ReadonlySet<string> = new Set([consoleService]);

/**
 * Connects to each listed service the attacker's zone can dial, and to every pump console when
 * `pump-maintenance` is listed: a TCP connect, then a TLS handshake (no certificate checked, none
 * presented) or the console's banner. A gateway or host firewall that refuses resets the connection
 * it accepted, so "answered" means the handshake or banner came back. Sequential, like a cautious scan.
 */
export const scan: Action<typeof params> = {
  name: 'scan',
  summary: 'Connects to each listed service (TLS handshake or banner) and records those that answer.',
  params,
  async run(context, { services }) {
    const items: ClientEvidence[] = [];
    let answered = 0;
    for (const service of services) {
      for (const target of targetsOf(context, service, items)) {
        const outcome = await probe(target, context.attacker.address, plainServices.has(service));
        const where = addressOf(target);
        if (outcome.ok) {
          answered += 1;
          context.loot.found.set(where, service);
          items.push(evidence('socket', evidenceCodes.answered, `${service} answered`, where));
        } else
          items.push(
            evidence(connectionChannel(outcome.code), outcome.code, `${service}: ${outcome.line}`, where),
          );
      }
    }
    const summary = `${answered} service endpoint(s) answered the scan of ${services.join(', ')}.`;
    return report(statusOf(answered > 0), summary, items);
  },
};

function targetsOf(context: AttackContext, service: string, items: ClientEvidence[]): Endpoint[] {
  if (service === consoleService) {
    const consoles = consoleTargets(context);
    if (consoles.length === 0)
      items.push(evidence('socket', evidenceCodes.noEndpoint, 'no pump console to dial'));
    return consoles;
  }
  const endpoint = context.lab.reach(context.attacker.zone, service);
  if (!endpoint) {
    items.push(evidence('socket', evidenceCodes.noEndpoint, `no route to ${service}`));
    return [];
  }
  context.assertInLab(endpoint.host);
  return [endpoint];
}

async function probe(
  target: Endpoint,
  localAddress: string,
  plain: boolean,
): Promise<{ ok: true } | { ok: false; code: string; line: string }> {
  const dialed = await dial(target, { localAddress, tls: !plain });
  if (!dialed.ok) return dialed;
  if (plain) return firstBytes(dialed.socket);
  dialed.socket.destroy();
  return { ok: true };
}
