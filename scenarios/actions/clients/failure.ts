import { evidenceCodes } from '../evidence.ts';

/** What a client saw when it did not get what it tried for: a stable code and one line. */
export interface ClientFailure {
  ok: false;
  code: string;
  line: string;
}

/**
 * The stable code of a socket or TLS error: the errno (ECONNRESET, ECONNREFUSED, ETIMEDOUT) or
 * Node's OpenSSL code, which names the TLS alert (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED).
 */
export function failureOf(error: unknown): ClientFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message.trim() : String(error);
  return {
    ok: false,
    code: typeof code === 'string' && code !== '' ? code : 'ECONNABORTED',
    line: opensslReason(message) ?? message,
  };
}

/**
 * The readable part of an OpenSSL error string (`...:SSL routines:ssl3_read_bytes:tlsv13 alert
 * certificate required:<source file>:1601:SSL alert number 116`): the reason and the alert number.
 */
function opensslReason(message: string): string | undefined {
  const match = /SSL routines:[^:]*:([^:]+):.*?(SSL alert number \d+)?$/.exec(message);
  if (!match?.[1]) return undefined;
  return match[2] ? `${match[1]} (${match[2]})` : match[1];
}

/** The peer closed without an error and without the answer (right after a TLS handshake: see evidence.ts). */
export const closedFailure = (what: string, afterHandshake = false): ClientFailure => ({
  ok: false,
  code: afterHandshake ? evidenceCodes.closedAfterHandshake : evidenceCodes.closed,
  line: `the connection closed ${afterHandshake ? 'after the TLS handshake, ' : ''}before ${what}`,
});

/** No answer within the client's own time limit (real time: sockets run on real time). */
export const timeoutFailure = (what: string, timeoutMs: number): ClientFailure => ({
  ok: false,
  code: 'ETIMEDOUT',
  line: `no ${what} within ${timeoutMs} ms`,
});
