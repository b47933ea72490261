import { z } from 'zod';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { dial } from './dial.ts';
import { closedFailure, failureOf, timeoutFailure, type ClientFailure } from './failure.ts';

/** Real milliseconds for the verdict; a verdict is one short line. */
const defaults = { timeoutMs: 5_000, maxAnswerBytes: 4_096 };

/** The gateway's one-line JSON verdict (gateway/admission): the boundary, validated. */
const verdictSchema = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('admitted'), identity: z.string().max(64), zone: z.string().max(64) }),
  z.object({ verdict: z.literal('quarantined'), reason: z.string().max(64) }),
]);
export type AdmissionVerdict = z.infer<typeof verdictSchema>;

/**
 * Asks the gateway's admission service (the 802.1X / EAP-TLS stand-in, RFC 5216) to let the
 * attacker's address into the pump network, presenting `credential` or no certificate at all.
 * The pump's own supplicant insists on a certificate and on checking the gateway; an attacker
 * does neither, hence this client.
 */
export async function askAdmission(
  target: Endpoint,
  localAddress: string,
  credential: { certificatePem: string; keyPem: string } | undefined,
): Promise<{ ok: true; verdict: AdmissionVerdict } | ClientFailure> {
  const dialed = await dial(target, { localAddress, tls: true, ...(credential ? { credential } : {}) });
  if (!dialed.ok) return dialed;
  const { socket } = dialed;
  return new Promise((resolve) => {
    let received = '';
    const settle = (outcome: { ok: true; verdict: AdmissionVerdict } | ClientFailure): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const finish = (): void => {
      const parsed = verdictSchema.safeParse(parseJson(received.split('\n')[0] ?? ''));
      settle(
        parsed.success
          ? { ok: true, verdict: parsed.data }
          : { ok: false, code: 'GATEWAY_ADMISSION_ANSWER_INVALID', line: 'no verdict line' },
      );
    };
    const timer = setTimeout(
      () => settle(timeoutFailure('admission verdict', defaults.timeoutMs)),
      defaults.timeoutMs,
    );
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.includes('\n') || received.length > defaults.maxAnswerBytes) finish();
    });
    socket.once('end', finish);
    socket.once('error', (error) => settle(failureOf(error)));
    socket.once('close', () => settle(closedFailure('the verdict', true)));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
