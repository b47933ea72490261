import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameMllp, MllpDecoder } from '../../../../simulators/hl7/mllp/mllp-framer.ts';
import { MllpClient } from '../../../../simulators/hl7/mllp/mllp-client.ts';
import type { MllpServer } from '../../../../simulators/hl7/mllp/mllp-server.ts';
import { CertificateAuthority } from '../../../../pki/authority.ts';
import { clientTlsOptions, loadTlsMaterial } from '../../../../pki/tls/tls-material.ts';
import { parseHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { hasOpenssl, writeTemp } from '../../../helpers/openssl.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { ackSummary, hl7Message, hl7Pki, RawPeer, startLabListener, type Seen } from './mllp-lab.ts';

const pki = hl7Pki();
const mutual = { requireClientCert: true, checkRevocation: true };
const clientTls = { material: pki.client, policy: { checkRevocation: true } };
let server: MllpServer;
let seen: Seen[];
const peers: RawPeer[] = [];

beforeAll(async () => {
  ({ server, seen } = await startLabListener({
    tls: { material: pki.listener, policy: mutual, stateDir: pki.dir },
  }));
});
afterAll(async () => {
  peers.forEach((peer) => peer.destroy());
  await server.close();
});

const rawPeer = (): RawPeer => {
  const peer = new RawPeer(server.port, clientTlsOptions(pki.other, { checkRevocation: true }));
  peers.push(peer);
  return peer;
};

describe('the MLLP listener over mutual TLS', () => {
  it('answers several messages on one connection, each with its own MSA-2', async () => {
    const client = new MllpClient({ host: '127.0.0.1', port: server.port, tls: clientTls });
    const answers = await Promise.all(['M1', 'M2', 'M3'].map((id) => client.send(hl7Message(id))));
    expect(answers.map(ackSummary)).toEqual(
      ['M1', 'M2', 'M3'].map((id) => ({ code: 'AA', acked: id, errors: [] })),
    );
    expect(answers[0]).toMatchObject({
      messageType: 'ACK^A01^ACK',
      receiving: { application: 'EHR', facility: 'HOSP' },
    });
    const contexts = seen
      .filter((entry) => entry.parsed.controlId.startsWith('M'))
      .map((entry) => entry.context);
    expect(new Set(contexts.map((context) => context.peer)).size).toBe(1);
    expect(contexts[0]?.identity?.commonName).toBe('ehr-client');
    await client.close();
  });

  it('hands the handler the message exactly as sent, negative UTC offset included', async () => {
    const client = new MllpClient({ host: '127.0.0.1', port: server.port, tls: clientTls });
    const text = hl7Message('RAW1');
    await client.send(text);
    const entry = seen.find((candidate) => candidate.parsed.controlId === 'RAW1');
    expect(entry?.parsed.raw).toBe(text);
    expect(entry?.parsed.timestamp).toBe('20240105120000-0500');
    await client.close();
  });

  it('answers coalesced frames in order, one at a time, a slow one first', async () => {
    const peer = rawPeer();
    peer.write(Buffer.concat(['SLOW', 'C2', 'C3'].map((id) => frameMllp(hl7Message(id)))));
    await peer.answer(3);
    expect(peer.frames.map((frame) => ackSummary(parseHl7(frame)).acked)).toEqual(['SLOW', 'C2', 'C3']);
  });

  it('reassembles a frame that arrives in pieces with pauses', async () => {
    const peer = rawPeer();
    const bytes = frameMllp(hl7Message('PIECES'));
    for (let at = 0; at < bytes.length; at += 40) {
      peer.write(bytes.subarray(at, at + 40));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(ackSummary(await peer.answer(1))).toEqual({ code: 'AA', acked: 'PIECES', errors: [] });
  });

  it('times out an unanswered message, then reconnects for the next', async () => {
    const client = new MllpClient({
      host: '127.0.0.1',
      port: server.port,
      tls: clientTls,
      responseTimeoutMs: 100,
    });
    await expect(client.send(hl7Message('SLOW'))).rejects.toMatchObject({ code: 'HL7_ACK_TIMEOUT' });
    expect(ackSummary(await client.send(hl7Message('AFTER')))).toMatchObject({ code: 'AA', acked: 'AFTER' });
    await client.close();
  });

  it('refuses a client once its certificate is revoked, reloading the CRLs as published', async () => {
    const authority = CertificateAuthority.open(pki.dir);
    const doomed = authority.issue({ name: 'doomed-client', role: 'service', ipAddresses: ['127.0.0.1'] });
    const material = loadTlsMaterial(pki.dir, 'doomed-client');
    const client = new MllpClient({
      host: '127.0.0.1',
      port: server.port,
      tls: { material, policy: { checkRevocation: true } },
    });
    expect(ackSummary(await client.send(hl7Message('DOOMED1'))).code).toBe('AA');
    await client.close();
    authority.revoke(doomed.serial, 'keyCompromise');
    authority.close();
    await waitFor(
      async () => {
        // A fresh connection each time: the CRLs apply to new handshakes once reloaded.
        await client.send(hl7Message('DOOMED2')).catch(() => undefined);
        await client.close();
        return server.securityEvents.recent('tls-failure').some((event) => event.code === 'PKI_CERT_REVOKED');
      },
      'the revoked client refused',
      10_000,
      100,
    );
    await client.close();
  });

  it.skipIf(!hasOpenssl())('answers an independent peer, openssl s_client writing MLLP by hand', async () => {
    const dir = tempDir('pumplab-mllp-openssl-');
    const args = ['s_client', '-quiet', '-connect', `127.0.0.1:${server.port}`, '-verify_return_error'];
    // s_client sends only the first certificate of -cert; the issuing CA goes in -cert_chain.
    const [leaf = '', ...chain] = pki.other.cert.split(/(?<=-----END CERTIFICATE-----\n?)/);
    args.push('-CAfile', writeTemp(dir, 'root.pem', pki.other.ca), '-cert', writeTemp(dir, 'cert.pem', leaf));
    args.push('-cert_chain', writeTemp(dir, 'chain.pem', chain.join('')));
    args.push('-key', writeTemp(dir, 'key.pem', pki.other.key));
    const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'ignore'] });
    const decoder = new MllpDecoder();
    const answer = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const [frame] = decoder.push(chunk).frames;
        if (frame) resolve(frame.toString('utf8'));
      });
      child.on('exit', () => reject(new Error('openssl exited before an answer')));
    });
    child.stdin.write(
      Buffer.concat([Buffer.from([0x0b]), Buffer.from(hl7Message('OPENSSL')), Buffer.from([0x1c, 0x0d])]),
    );
    try {
      const ack = parseHl7(await answer);
      expect(ackSummary(ack)).toEqual({ code: 'AA', acked: 'OPENSSL', errors: [] });
      expect(ack.sending).toEqual({ application: 'PUMPSRV', facility: 'LAB' });
    } finally {
      child.kill();
    }
  });
});

describe('the MLLP listener without TLS', () => {
  it('serves plain TCP, and the client reconnects after an idle close', async () => {
    const { server: plain } = await startLabListener({ idleTimeoutMs: 200 });
    const client = new MllpClient({ host: '127.0.0.1', port: plain.port });
    expect(ackSummary(await client.send(hl7Message('P1'))).code).toBe('AA');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(plain.connectionCount()).toBe(0);
    expect(ackSummary(await client.send(hl7Message('P2'))).acked).toBe('P2');
    await client.close();
    await plain.close();
  });
});
