import tls from 'node:tls';
import type { TlsMaterial } from '../../pki/tls/tls-material.ts';
import { parseHl7, type ParsedHl7 } from '../../simulators/hl7/message/hl7-parse.ts';
import { MllpDecoder } from '../../simulators/hl7/mllp/mllp-framer.ts';

/** What a listener did with raw bytes: answered (the first frame), or closed the connection. */
export type RawOutcome = { answer: ParsedHl7 } | { closed: true };

/**
 * Sends `chunks` on a fresh mutual-TLS connection, `gapMs` apart, and resolves with the first frame
 * answered or the connection closing; rejects after `timeoutMs` with neither.
 */
export function sendRaw(
  target: { host: string; port: number; localAddress?: string; servername?: string },
  material: TlsMaterial,
  chunks: readonly Buffer[],
  options: { gapMs?: number; timeoutMs?: number; endAfter?: boolean } = {},
): Promise<RawOutcome> {
  // @types/node leaves localAddress out of tls.ConnectionOptions; tls.connect takes it (net.connect's).
  const socket = tls.connect({ ...target, ca: material.ca, key: material.key, cert: material.cert });
  const decoder = new MllpDecoder();
  return new Promise<RawOutcome>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('neither answered nor closed')),
      options.timeoutMs ?? 10_000,
    );
    const done = (outcome: RawOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.on('data', (chunk: Buffer) => {
      const [frame] = decoder.push(chunk).frames;
      if (frame) done({ answer: parseHl7(frame.toString('utf8')) });
    });
    socket.on('close', () => done({ closed: true }));
    socket.on('error', () => undefined);
    socket.once('secureConnect', () => {
      void (async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) return;
          socket.write(chunk);
          if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        }
        if (options.endAfter) socket.end();
      })();
    });
  });
}

/** MSA-1 of an answer, or `closed`. */
export const verdict = (outcome: RawOutcome): string =>
  'answer' in outcome ? (outcome.answer.segment('MSA')?.field(1) ?? '') : 'closed';
