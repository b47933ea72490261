/**
 * The MQTT topic contract between pumps and the pump server (docs/mqtt-topic-contract.md).
 * Every topic lives under one versioned root so a vendor's broker can host other traffic beside it.
 * A pump publishes only under its own serial and subscribes only to its own commands; the broker
 * enforces that by the serial in the pump's certificate (SP 1800-8 Vol B 4.5, least privilege).
 */
export const topicRoot = 'pumplab/v1';

/** What flows on each per-pump channel, who publishes it, with which QoS and retain flag. */
export const channels = {
  /** Pump → server. The pump's state snapshot, on change and periodically. QoS 1, retained. */
  status: { publisher: 'pump', qos: 1, retain: true },
  /** Pump → server. Infusion and device events; each must be stored exactly once. QoS 1. */
  events: { publisher: 'pump', qos: 1, retain: false },
  /** Pump → server. The outcome of each command. QoS 1. */
  'command-results': { publisher: 'pump', qos: 1, retain: false },
  /** Pump → server, and the pump's last will (MQTT 3.1.1 3.1.2.5). QoS 1, retained. */
  presence: { publisher: 'pump', qos: 1, retain: true },
  /** Server → pump. Programming, libraries, firmware. QoS 1. */
  commands: { publisher: 'server', qos: 1, retain: false },
} as const;

export type Channel = keyof typeof channels;
export const channelNames = Object.keys(channels) as Channel[];

/** The topic of `channel` for the pump with `serial`. */
export const pumpTopic = (serial: string, channel: Channel): string =>
  `${topicRoot}/pumps/${serial}/${channel}`;

/** The subscription that receives `channel` from every pump (server side). */
export const everyPump = (channel: Channel): string => `${topicRoot}/pumps/+/${channel}`;

const topicPattern = new RegExp(`^${topicRoot}/pumps/([A-Za-z0-9-]{1,32})/([a-z-]+)$`);

/** Splits a pump topic into serial and channel, or undefined for any other topic. */
export function parsePumpTopic(topic: string): { serial: string; channel: Channel } | undefined {
  const match = topicPattern.exec(topic);
  const channel = match?.[2];
  if (!match?.[1] || !channel || !(channel in channels)) return undefined;
  return { serial: match[1], channel: channel as Channel };
}
