import { readAck, type AckReading } from '../../../simulators/hl7/message/ack-reader.ts';
import { parseHl7 } from '../../../simulators/hl7/message/hl7-parse.ts';
import { frameMllp, MllpDecoder } from '../../../simulators/hl7/mllp/mllp-framer.ts';
import type { Endpoint } from '../../engine/lab-under-test.ts';
import { dial } from './dial.ts';
import { closedFailure, failureOf, timeoutFailure, type ClientFailure } from './failure.ts';

/**
 * Real milliseconds for the answer. A [PCD-03] order is answered only once the pump took or refused
 * the program (the pump server waits up to 30 s for it), so the wait is longer than that.
 */
export const mllpDefaults = { answerTimeoutMs: 35_000, maxFrameBytes: 1024 * 1024 };

/** The acknowledgement read: MSA and ERR, and each ERR-5.1 (the IHE PCD application error, TF-2 B.3). */
export type MllpAnswer = { ok: true; ack: AckReading; applicationErrors: string[] } | ClientFailure;

/**
 * Sends one HL7 v2 message over MLLP (MLLP R2: `0x0B message 0x1C 0x0D`) over TLS from the
 * attacker's address, presenting no client certificate, and reads the acknowledgement's MSA and ERR.
 * The lab's MllpClient cannot bind a local address, hence this one-shot exchange.
 *
 * @example const answer = await exchangeMllp(endpoint, '127.40.0.200', rgvO15Text); // answer.ack.code === 'AA'
 */
export async function exchangeMllp(
  target: Endpoint,
  localAddress: string,
  message: string,
  answerTimeoutMs = mllpDefaults.answerTimeoutMs,
): Promise<MllpAnswer> {
  const dialed = await dial(target, { localAddress, tls: true });
  if (!dialed.ok) return dialed;
  const { socket } = dialed;
  const decoder = new MllpDecoder({ maxFrameBytes: mllpDefaults.maxFrameBytes });
  return new Promise<MllpAnswer>((resolve) => {
    const settle = (outcome: MllpAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => settle(timeoutFailure('acknowledgement', answerTimeoutMs)),
      answerTimeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      const { frames, oversized } = decoder.push(chunk);
      const frame = frames[0];
      if (oversized) settle({ ok: false, code: 'MLLP_FRAME_TOO_LARGE', line: 'the answer is too large' });
      else if (frame) settle(readAnswer(frame));
    });
    // A TLS alert after the handshake (TLS 1.3 checks the client certificate then) arrives here.
    socket.once('error', (error) => settle(failureOf(error)));
    socket.once('close', () => settle(closedFailure('the acknowledgement', true)));
    socket.write(frameMllp(message));
  });
}

function readAnswer(frame: Buffer): MllpAnswer {
  try {
    const parsed = parseHl7(frame.toString('utf8'));
    const applicationErrors = parsed
      .segments('ERR')
      .map((err) => err.component(5, 1))
      .filter((code) => code !== '');
    return { ok: true, ack: readAck(parsed), applicationErrors };
  } catch {
    return { ok: false, code: 'HL7_MALFORMED', line: 'the answer is not an HL7 message' };
  }
}
