import type { ClientEvidence, StepReport } from './action.ts';

/**
 * The codes actions put in their evidence beyond errnos (ECONNRESET, ETIMEDOUT...), Node's TLS
 * error codes (ERR_SSL_...), the pumps' and servers' own PumplabError codes, HL7 MSA-1 codes and
 * the maintenance shell's `ERR ...` lines. One list, so the engine's attribution can name them.
 */
export const evidenceCodes = {
  /** The peer closed the connection before answering, with no error (a clean FIN). */
  closed: 'CONNECTION_CLOSED',
  /**
   * The server finished the TLS handshake and closed without a word: how a TLS 1.3 server refuses a
   * client certificate it checked after the handshake (revoked, untrusted), with no alert sent.
   */
  closedAfterHandshake: 'TLS_CLOSED_AFTER_HANDSHAKE',
  /** The lab gives the attacker's zone no endpoint for the service at all. */
  noEndpoint: 'NO_ENDPOINT',
  /** Nothing to act on: no console, no infusing pump, no order seen, no stolen device. */
  noTarget: 'NO_TARGET',
  /** The step needs a stolen device credential and the attacker holds none. */
  noCredential: 'NO_CREDENTIAL',
  /** The service answered: a TLS handshake, a banner, a CONNACK 0, a 2xx. */
  answered: 'ANSWERED',
  /** The broker acknowledged a QoS 1 publish (MQTT 3.1.1 3.4). */
  puback: 'PUBACK',
  /** The broker closed the connection instead of acknowledging: MQTT 3.1.1 3.3.5 has no negative PUBACK. */
  pubackMissing: 'PUBACK_MISSING',
  /** A subscription refused with SUBACK return code 0x80 (MQTT 3.1.1 3.9.3). */
  subackRefused: 'SUBACK-128',
  /** A pump or server took what was sent (a media file, a command, a library). */
  accepted: 'ACCEPTED',
  /** The pump left the building with the attacker. */
  deviceTaken: 'DEVICE_TAKEN',
  /** The stolen flash is sealed (AES-256-GCM); without the secure element it does not open. */
  storeSealed: 'STORE_SEALED',
  /** The stolen flash opened as the pump opens it: clear text. */
  storeReadable: 'STORE_READABLE',
  /** The stolen flash held nothing to read. */
  storeEmpty: 'STORE_EMPTY',
  /** A subscription was granted but nothing arrived while the client listened. */
  noMessages: 'NO_MESSAGES',
  /** A pump was infusing and the action skipped it, or found none infusing. */
  notInfusing: 'NOT_INFUSING',
  /** The ward raised an alarm at a pump. */
  alarmRaised: 'ALARM_RAISED',
} as const;

/** The code of a CONNACK return code (MQTT 3.1.1 3.2.2.3): `CONNACK-5` is "not authorized". */
export const connackCode = (returnCode: number): string => `CONNACK-${returnCode}`;

/** The code of an admission verdict that kept the device out: `QUARANTINED-no-certificate`. */
export const quarantineCode = (reason: string): string => `QUARANTINED-${reason}`;

/** The channel of a connection failure: Node's OpenSSL codes are TLS, everything else the socket's errno. */
export const connectionChannel = (code: string): string => (code.startsWith('ERR_SSL') ? 'tls' : 'socket');

/** One piece of evidence. */
export function evidence(channel: string, code: string, line: string, target?: string): ClientEvidence {
  return target === undefined ? { channel, code, line } : { channel, code, target, line };
}

/** A step report. */
export function report(status: StepReport['status'], summary: string, items: ClientEvidence[]): StepReport {
  return { status, summary, evidence: items };
}

/** `done` when `succeeded`, else `blocked`. */
export const statusOf = (succeeded: boolean): StepReport['status'] => (succeeded ? 'done' : 'blocked');

/**
 * Folds many like outcomes into one evidence item per (channel, code), with the count in the line:
 * a flood of 200 connections gives a few lines, not 200. A folded item names no single target.
 */
export function tally(items: readonly ClientEvidence[]): ClientEvidence[] {
  const groups = new Map<string, { item: ClientEvidence; count: number }>();
  for (const item of items) {
    const key = `${item.channel}\u0000${item.code}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { item, count: 1 });
  }
  return [...groups.values()].map(({ item, count }) =>
    count === 1 ? item : { channel: item.channel, code: item.code, line: `${count}× ${item.line}` },
  );
}
