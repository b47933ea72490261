import { statusSchema, type StatusMessage } from '../../simulators/contract/pump-messages.ts';
import { everyPump } from '../../simulators/contract/topics.ts';
import type { ClientFailure } from './clients/failure.ts';
import type { MqttSession } from './clients/mqtt-session.ts';

/**
 * Real milliseconds to collect retained statuses after the SUBACK: the broker sends retained
 * messages right after granting the subscription (MQTT 3.1.1 3.3.1.3), so a short pause catches them.
 */
const settleMs = 500;

/**
 * Learns the fleet from the broker: subscribes to every pump's status (retained, contract topic) and
 * returns each pump's latest status that passes the contract schema, with the raw payloads read.
 */
export async function retainedStatuses(
  session: MqttSession,
): Promise<{ ok: true; statuses: StatusMessage[]; payloads: string[] } | ClientFailure> {
  const latest = new Map<string, StatusMessage>();
  const payloads: string[] = [];
  session.onMessage((_topic, payload) => {
    const text = payload.toString('utf8');
    payloads.push(text);
    const parsed = statusSchema.safeParse(parseJson(text));
    if (parsed.success) latest.set(parsed.data.serial, parsed.data);
  });
  const granted = await session.subscribe(everyPump('status'));
  if (!granted.ok) return granted;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const statuses = [...latest.values()].sort((a, b) => a.serial.localeCompare(b.serial));
  return { ok: true, statuses, payloads };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
