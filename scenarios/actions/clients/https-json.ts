import https from 'node:https';
import net from 'node:net';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { failureOf, timeoutFailure, type ClientFailure } from './failure.ts';

/** Real milliseconds a request may take: a distribution answers once every pump has (30 s each at most). */
export const httpsDefaults = { timeoutMs: 40_000, maxBodyBytes: 4 * 1024 * 1024 };

export interface HttpsRequest {
  method: 'GET' | 'POST';
  path: string;
  /** Sent as JSON. */
  json?: unknown;
}

export type HttpsAnswer = { ok: true; status: number; body: Buffer } | ClientFailure;

/**
 * One HTTPS request from the attacker's address, presenting no client certificate and checking no
 * server certificate. Any HTTP status is an answer; a TLS alert, reset or timeout is a failure.
 *
 * @example const answer = await requestHttps(endpoint, '127.60.0.200', { method: 'GET', path: '/api/v1/drug-libraries' });
 */
export function requestHttps(
  target: Endpoint,
  localAddress: string,
  request: HttpsRequest,
  timeoutMs = httpsDefaults.timeoutMs,
): Promise<HttpsAnswer> {
  const body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: HttpsAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outgoing.destroy();
      resolve(outcome);
    };
    const outgoing = https.request(
      {
        host: target.host,
        port: target.port,
        localAddress,
        method: request.method,
        path: request.path,
        agent: false,
        rejectUnauthorized: false,
        ...(target.servername && net.isIP(target.servername) === 0 ? { servername: target.servername } : {}),
        headers: body
          ? { 'content-type': 'application/json', 'content-length': String(body.length) }
          : { accept: 'application/json' },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > httpsDefaults.maxBodyBytes)
            settle({ ok: false, code: 'EMSGSIZE', line: 'answer too large' });
          else chunks.push(chunk);
        });
        response.on('end', () =>
          settle({ ok: true, status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
        );
        response.on('error', (error) => settle(failureOf(error)));
      },
    );
    const timer = setTimeout(() => settle(timeoutFailure('HTTP answer', timeoutMs)), timeoutMs);
    outgoing.on('error', (error) => settle(failureOf(error)));
    outgoing.end(body);
  });
}

/** The problem code of an RFC 9457 answer (`code`, the lab's catalogue code), or `HTTP-<status>`. */
export function problemCode(answer: { status: number; body: Buffer }): string {
  try {
    const parsed = JSON.parse(answer.body.toString('utf8')) as { code?: unknown };
    if (typeof parsed.code === 'string' && /^[A-Z0-9_]{1,64}$/.test(parsed.code)) return parsed.code;
  } catch {
    // Not JSON: the status is all there is.
  }
  return `HTTP-${answer.status}`;
}
