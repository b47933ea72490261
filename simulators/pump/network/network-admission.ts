import tls from 'node:tls';
import { z } from 'zod';
import { PumplabError, type ErrorCode } from '../../../core/errors.ts';

/** How a pump asks the gateway to admit it to the pump network. */
export interface AdmissionRequestOptions {
  host: string;
  port: number;
  /** The pump's own address: admission is per source address, as 802.1X is per port. */
  localAddress?: string;
  /** The pump's device key and chain, the lab root, and optionally the CRLs to check the gateway by. */
  tls: { key: string; cert: string; ca: string; crl?: string[] };
  /** The name the gateway's certificate must carry (RFC 6125); default `gateway`, its lab name. */
  servername?: string;
  /** Connect, handshake and verdict all within this (real ms: the socket is real). */
  timeoutMs?: number;
}

/** What the gateway said. */
export interface AdmissionResult {
  verdict: 'admitted' | 'quarantined';
  /** The device serial the gateway admitted. */
  identity?: string;
  /** The zone admitted to. */
  zone?: string;
  /** Why the pump was quarantined. */
  reason?: string;
}

const defaults = {
  servername: 'gateway',
  timeoutMs: 10_000, // ms
  maxAnswerBytes: 4_096, // a verdict is a short line; more is not a verdict
};

/** The gateway's one-line answer: the boundary, validated. */
const answerSchema = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('admitted'), identity: z.string().max(64), zone: z.string().max(64) }),
  z.object({ verdict: z.literal('quarantined'), reason: z.string().max(64) }),
]);

/**
 * Presents the pump's device certificate to the gateway's admission service, as a supplicant does
 * in EAP-TLS (RFC 5216), and resolves with the verdict line. A quarantined pump is an answer, not
 * an error; only failing to get an answer rejects.
 *
 * @example const { verdict } = await requestAdmission({ host: '127.10.0.1', port, localAddress: '127.10.0.57', tls: { key, cert, ca } });
 * @throws PumplabError GATEWAY_ADMISSION_UNREACHABLE (network or TLS failure),
 *   GATEWAY_ADMISSION_TIMEOUT, GATEWAY_ADMISSION_ANSWER_INVALID
 */
export function requestAdmission(options: AdmissionRequestOptions): Promise<AdmissionResult> {
  const where = { host: options.host, port: options.port };
  return new Promise((resolve, reject) => {
    let received = '';
    let settled = false;
    const socket = tls.connect({
      ...where,
      // tls.connect takes every net.connect option; @types/node lists only the TLS ones.
      ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
      key: options.tls.key,
      cert: options.tls.cert,
      ca: options.tls.ca,
      ...(options.tls.crl === undefined ? {} : { crl: options.tls.crl }),
      servername: options.servername ?? defaults.servername,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: true,
    });
    const timer = setTimeout(
      () => fail('GATEWAY_ADMISSION_TIMEOUT', 'The gateway did not answer in time.'),
      options.timeoutMs ?? defaults.timeoutMs,
    );
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const fail = (code: ErrorCode, message: string, cause?: unknown): void =>
      settle(() => reject(new PumplabError(code, message, where, cause === undefined ? {} : { cause })));
    const finish = (): void => {
      const parsed = answerSchema.safeParse(parseJson(received.split('\n')[0] ?? ''));
      if (parsed.success) settle(() => resolve(parsed.data));
      else fail('GATEWAY_ADMISSION_ANSWER_INVALID', 'The gateway answered with no verdict line.');
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\n')) finish();
      else if (received.length > defaults.maxAnswerBytes)
        fail('GATEWAY_ADMISSION_ANSWER_INVALID', 'The gateway answer is too long to be a verdict.');
    });
    socket.on('end', finish);
    socket.on('error', (error) =>
      fail('GATEWAY_ADMISSION_UNREACHABLE', `The gateway could not be reached: ${error.message}`, error),
    );
    socket.on('close', () => fail('GATEWAY_ADMISSION_UNREACHABLE', 'The gateway closed before answering.'));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
