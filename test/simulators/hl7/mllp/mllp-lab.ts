import tls from 'node:tls';
import { CertificateAuthority } from '../../../../pki/authority.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../../../pki/tls/tls-material.ts';
import { buildAck } from '../../../../simulators/hl7/message/ack.ts';
import { Hl7Builder } from '../../../../simulators/hl7/message/hl7-build.ts';
import { parseHl7, type ParsedHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { MllpDecoder } from '../../../../simulators/hl7/mllp/mllp-framer.ts';
import { startMllpServer, type MllpServerOptions } from '../../../../simulators/hl7/mllp/mllp-server.ts';
import type { MllpContext } from '../../../../simulators/hl7/mllp/mllp-responder.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';

/** A lab PKI in a temp dir: the listener's and two clients' service certificates. */
export function hl7Pki(): { dir: string; listener: TlsMaterial; client: TlsMaterial; other: TlsMaterial } {
  const dir = tempDir('pumplab-mllp-');
  const authority = CertificateAuthority.init(dir);
  for (const name of ['hl7-listener', 'ehr-client', 'poc-client']) {
    authority.issue({ name, role: 'service', ipAddresses: ['127.0.0.1'] });
  }
  authority.close();
  return {
    dir,
    listener: loadTlsMaterial(dir, 'hl7-listener'),
    client: loadTlsMaterial(dir, 'ehr-client'),
    other: loadTlsMaterial(dir, 'poc-client'),
  };
}

/** A message of the lab: ADT^A01 by default, with a negative UTC offset in MSH-7. */
export function hl7Message(controlId: string, type = 'ADT^A01^ADT_A01'): string {
  return new Hl7Builder({
    sendingApp: 'EHR',
    sendingFacility: 'HOSP',
    receivingApp: 'PUMPSRV',
    receivingFacility: 'LAB',
    messageType: type,
    controlId,
    timestamp: '20240105120000-0500',
  })
    .segment('EVN', [undefined, '20240105120000-0500'])
    .segment('PID', ['1', undefined, ['MRN1', '', '', 'HOSP', 'MR'], undefined, ['Doe', 'Jane']])
    .segment('PV1', ['1', 'I', ['ICU', '1', 'A']])
    .toString();
}

/** What the test handler saw. */
export interface Seen {
  parsed: ParsedHl7;
  context: MllpContext;
}

/**
 * Starts a listener whose handler records each message and answers AA; control id `BOOM` makes it
 * throw, `SLOW` makes it take 300 ms.
 */
export async function startLabListener(options: Partial<MllpServerOptions> = {}) {
  const seen: Seen[] = [];
  const server = await startMllpServer({
    handler: async (parsed, context) => {
      seen.push({ parsed, context });
      if (parsed.controlId === 'BOOM') throw new Error('handler exploded');
      if (parsed.controlId === 'SLOW') await new Promise((resolve) => setTimeout(resolve, 300));
      return buildAck(parsed, { code: 'AA', responder: { app: 'PUMPSRV', facility: 'LAB' } });
    },
    ...options,
  });
  return { server, seen };
}

/** A raw TLS (or plain) connection that writes bytes by hand and collects the frames it gets back. */
export class RawPeer {
  readonly socket: tls.TLSSocket;
  readonly frames: string[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new MllpDecoder();
  private waiters: (() => void)[] = [];

  constructor(port: number, options: tls.ConnectionOptions) {
    this.socket = tls.connect({ host: '127.0.0.1', port, ...options });
    this.socket.on('data', (chunk: Buffer) => {
      this.frames.push(...this.decoder.push(chunk).frames.map((frame) => frame.toString('utf8')));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
    void this.closed.then(() => this.waiters.splice(0).forEach((wake) => wake()));
  }

  /** Resolves with the `n`th answer (from 1), parsed; rejects if the connection closes first. */
  async answer(n: number, timeoutMs = 10_000): Promise<ParsedHl7> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < n) {
      if (this.socket.destroyed || Date.now() > deadline)
        throw new Error(`no answer ${n} (closed or timed out)`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return parseHl7(this.frames[n - 1] as string);
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** MSA-1 and MSA-2 of an answer, and its ERR-3 codes. */
export function ackSummary(answer: ParsedHl7): { code: string; acked: string; errors: string[] } {
  return {
    code: answer.segment('MSA')?.field(1) ?? '',
    acked: answer.segment('MSA')?.field(2) ?? '',
    errors: answer.segments('ERR').map((err) => err.component(3, 1)),
  };
}
