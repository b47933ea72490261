/**
 * A lean MLLP/TLS load generator: `connections` connections, each sending one message, waiting for
 * its acknowledgement, then sending the next (HL7 v2.6 2.9.2 original mode, as a real sender does).
 * It reads only MSA-1 of each answer, so the sender costs little next to the listener it measures.
 */
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { clientTlsOptions, type TlsMaterial } from '../../pki/tls/tls-material.ts';
import { frameMllp, MllpDecoder } from '../../simulators/hl7/mllp/mllp-framer.ts';

export interface LoadOptions {
  host: string;
  port: number;
  material: TlsMaterial;
  connections: number;
  /** Stop sending after this long (ms), then wait for the answers in flight. */
  durationMs: number;
  /** The next message for connection `index` (a fresh control id each time). */
  next(index: number): string;
  /** MSA-1 codes that count as a proper answer (e.g. AA, or AR for the refusal path). */
  expected: ReadonlySet<string>;
}

export interface LoadResult {
  messages: number;
  seconds: number;
  /** Milliseconds, one per answered message, sorted. */
  latencies: Float64Array;
  /** Answers whose MSA-1 was not expected, by code. */
  unexpected: Map<string, number>;
}

/** MSA-1 of an acknowledgement; '?' when it has no MSA. */
export function msaCode(answer: string): string {
  const at = answer.indexOf('\rMSA|');
  if (at < 0) return '?';
  const end = answer.indexOf('|', at + 5);
  return answer.slice(at + 5, end < 0 ? undefined : end);
}

/** Opens the connections, runs the load for `durationMs` and closes them. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sockets = await Promise.all(Array.from({ length: options.connections }, () => connect(options)));
  const latencies: number[] = [];
  const unexpected = new Map<string, number>();
  const started = performance.now();
  const until = started + options.durationMs;
  await Promise.all(
    sockets.map((socket, index) => drive(socket, index, until, options, latencies, unexpected)),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const socket of sockets) socket.destroy();
  return {
    messages: latencies.length,
    seconds,
    latencies: Float64Array.from(latencies).sort(),
    unexpected,
  };
}

function connect(options: LoadOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: options.host,
      port: options.port,
      ...clientTlsOptions(options.material, { checkRevocation: false }),
    });
    socket.setNoDelay(true);
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function drive(
  socket: tls.TLSSocket,
  index: number,
  until: number,
  options: LoadOptions,
  latencies: number[],
  unexpected: Map<string, number>,
): Promise<void> {
  const decoder = new MllpDecoder();
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const send = (): void => {
      sentAt = performance.now();
      socket.write(frameMllp(options.next(index)));
    };
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk).frames) {
        const now = performance.now();
        latencies.push(now - sentAt);
        const code = msaCode(frame.toString('utf8'));
        if (!options.expected.has(code)) unexpected.set(code, (unexpected.get(code) ?? 0) + 1);
        if (now < until) send();
        else resolve();
      }
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`connection ${index} closed during the run`)));
    send();
  });
}

/** The p-th percentile (0-100) of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, rank)] ?? Number.NaN;
}
