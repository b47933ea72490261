import type { z } from 'zod';
import { payloadSchemas } from '../contract/json-schemas.ts';
import type {
  CommandResultMessage,
  EventMessage,
  PresenceMessage,
  StatusMessage,
} from '../contract/pump-messages.ts';
import type { Command } from '../contract/server-commands.ts';
import type { Channel } from '../contract/topics.ts';

/** A payload that passed its channel's contract schema, with the serial of the topic it came on. */
export type ContractMessage =
  | { channel: 'status'; serial: string; body: StatusMessage }
  | { channel: 'events'; serial: string; body: EventMessage }
  | { channel: 'command-results'; serial: string; body: CommandResultMessage }
  | { channel: 'presence'; serial: string; body: PresenceMessage }
  | { channel: 'commands'; serial: string; body: Command };

/** The pump messages that carry the envelope (serial, boot, seq, sentAt) and are stored once each. */
export type EnvelopedMessage = Extract<ContractMessage, { channel: 'status' | 'events' | 'command-results' }>;

/** The outcome of checking one payload against the contract. */
export type ContractCheck = { ok: true; message: ContractMessage } | { ok: false; problem: string };

/** Strict UTF-8: MQTT 3.1.1 1.5.3 forbids ill-formed UTF-8 in strings, and the contract's payloads are JSON text. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a payload published on `pumplab/v1/pumps/{serial}/{channel}` against the channel's schema
 * (docs/mqtt-topic-contract.md). The serial inside the payload must be the topic's serial: a pump
 * speaks only for itself, whatever the broker's authorization posture.
 *
 * @example const check = parseContractPayload({ serial: 'PL00001', channel: 'status' }, packet.payload);
 */
export function parseContractPayload(
  topic: { serial: string; channel: Channel },
  payload: Buffer,
): ContractCheck {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payload));
  } catch {
    return { ok: false, problem: 'payload is not JSON in UTF-8' };
  }
  const parsed = (payloadSchemas[topic.channel] as z.ZodType<ContractMessage['body']>).safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, problem: `${first?.path.join('.') || 'payload'}: ${first?.message ?? 'invalid'}` };
  }
  const body = parsed.data;
  if ('serial' in body && body.serial !== topic.serial) {
    return { ok: false, problem: `payload serial ${body.serial} is not the topic's ${topic.serial}` };
  }
  return { ok: true, message: { channel: topic.channel, serial: topic.serial, body } as ContractMessage };
}

/** True for the channels whose messages carry the envelope and go into the event store. */
export function isEnveloped(message: ContractMessage): message is EnvelopedMessage {
  return (
    message.channel === 'status' || message.channel === 'events' || message.channel === 'command-results'
  );
}
