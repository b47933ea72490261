import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, type Identity } from '../../pki/authority.ts';
import {
  clientTlsOptions,
  loadTlsMaterial,
  loadTlsTrust,
  serverTlsOptions,
  type ServerTlsPolicy,
  type TlsMaterial,
  type TlsTrust,
} from '../../pki/tls/tls-material.ts';
import { RevocationReloader } from '../../pki/tls/revocation-reloader.ts';
import { peerIdentity } from '../../pki/tls/peer-identity.ts';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { hasOpenssl, openssl, writeTemp } from '../helpers/openssl.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { revokeInChildProcess } from '../helpers/revoke-in-child.ts';
import { attemptTls, type TlsAttempt } from '../helpers/tls-attempt.ts';

const day = 86_400_000;
const dir = tempDir();
const foreignDir = tempDir();
const files = tempDir();
const policy: ServerTlsPolicy = { requireClientCert: true, checkRevocation: true };

let authority: CertificateAuthority;
/** A second lab with the same CA names but its own keys: what an impostor would build. */
let foreign: { rootPem: string; impostor: Identity };
let server: tls.Server;
let reloader: RevocationReloader;
let port: number;
const serverSockets = new Set<tls.TLSSocket>();
const clientSockets = new Set<tls.TLSSocket>();

beforeAll(async () => {
  authority = CertificateAuthority.init(dir);
  const foreignAuthority = CertificateAuthority.init(foreignDir);
  foreign = {
    rootPem: foreignAuthority.rootPem(),
    impostor: foreignAuthority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PUMP-0001' }),
  };
  foreignAuthority.close();
  authority.issue({
    name: 'pump-server',
    role: 'service',
    dnsNames: ['pump-server.lab'],
    ipAddresses: ['127.0.0.1'],
  });
  const material = loadTlsMaterial(dir, 'pump-server');
  server = tls.createServer(serverTlsOptions(material, policy));
  // The lab protocol here: the server greets a verified peer with its device serial.
  server.on('secureConnection', (socket) => {
    serverSockets.add(socket);
    socket.end(`${peerIdentity(socket).deviceSerial ?? '-'}\n`);
  });
  reloader = RevocationReloader.watch(server, { stateDir: dir, material, policy });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterEach(() => {
  for (const socket of [...clientSockets, ...serverSockets]) socket.destroy();
  clientSockets.clear();
  serverSockets.clear();
});

afterAll(async () => {
  reloader.close();
  server.close();
  await once(server, 'close');
  authority.close();
});

/** Material for a client presenting `identity`, trusting this lab. */
function presenting(identity: { privateKeyPem: string; chainPem: string }): TlsMaterial {
  return {
    ...loadTlsTrust(dir),
    name: 'client',
    serial: '',
    key: identity.privateKeyPem,
    cert: identity.chainPem,
  };
}

/** Connects as a client holding `material` and reports what both sides saw. */
function attempt(material: TlsMaterial | TlsTrust): Promise<TlsAttempt> {
  const options = clientTlsOptions(material, { servername: 'pump-server.lab', checkRevocation: true });
  return attemptTls(server, port, options, clientSockets);
}

function expectRefused(result: TlsAttempt, verifyError: string, code: ErrorCode): void {
  expect(result.server).toMatchObject({ verifyError, code });
  // TLS 1.3 (RFC 8446 4.4.2): the client finishes before the server checks its certificate, so the
  // client learns of the refusal as a connection closed before the server spoke.
  expect(result.client.greeting).toBeUndefined();
}

describe('a lab server requiring client certificates', () => {
  it('accepts a lab device certificate and sees its serial', async () => {
    authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PUMP-0001' });
    const material = loadTlsMaterial(dir, 'pump-1');
    const result = await attempt(material);
    expect(result.server).toEqual({
      accepted: expect.objectContaining({
        role: 'device',
        deviceSerial: 'PUMP-0001',
        commonName: 'pump-1',
        serial: material.serial,
      }),
    });
    expect(result.client).toMatchObject({ secured: true, greeting: 'PUMP-0001\n' });
  });

  it('refuses a client without a certificate', async () => {
    const result = await attempt(loadTlsTrust(dir));
    expect(result.server).toMatchObject({ error: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE' });
    // RFC 8446 6.2: certificate_required (116).
    expect(result.client.error).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
  });

  it.skipIf(!hasOpenssl())('refuses a self-signed certificate', async () => {
    const keyFile = path.join(files, 'self.key');
    const certFile = path.join(files, 'self.pem');
    const made = openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=x',
      '-days',
      '1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const self = {
      privateKeyPem: fs.readFileSync(keyFile, 'utf8'),
      chainPem: fs.readFileSync(certFile, 'utf8'),
    };
    // OpenSSL first finds DEPTH_ZERO_SELF_SIGNED_CERT, but Node lets verification run on and keeps
    // the last error: with CRL checking on, no CRL from `CN=x` (RFC 5280 6.3.3).
    expectRefused(await attempt(presenting(self)), 'UNABLE_TO_GET_CRL', 'PKI_CERT_UNTRUSTED');
  });

  it('refuses a certificate from a foreign CA with the same names', async () => {
    // Same issuer names, but the authority key identifier names another key (RFC 5280 4.2.1.1), so
    // no issuer is found; Node keeps the last error, the CRL that cannot be found for it.
    expectRefused(await attempt(presenting(foreign.impostor)), 'UNABLE_TO_GET_CRL', 'PKI_CERT_UNTRUSTED');
  });

  it('refuses an expired certificate', async () => {
    const now = Date.now();
    const expired = authority.issue({
      name: 'pump-expired',
      role: 'device',
      deviceSerial: 'PUMP-0002',
      notBefore: new Date(now - 30 * day),
      notAfter: new Date(now - day),
    });
    expectRefused(await attempt(presenting(expired)), 'CERT_HAS_EXPIRED', 'PKI_CERT_EXPIRED');
  });

  it('refuses a certificate that is not yet valid', async () => {
    const now = Date.now();
    const early = authority.issue({
      name: 'pump-early',
      role: 'device',
      deviceSerial: 'PUMP-0003',
      notBefore: new Date(now + day),
      notAfter: new Date(now + 30 * day),
    });
    expectRefused(await attempt(presenting(early)), 'CERT_NOT_YET_VALID', 'PKI_CERT_NOT_YET_VALID');
  });

  it('refuses a certificate revoked by another process, without a restart', async () => {
    const pump: Identity = authority.issue({
      name: 'pump-stolen',
      role: 'device',
      deviceSerial: 'PUMP-0004',
    });
    expect((await attempt(presenting(pump))).server).toHaveProperty('accepted.serial', pump.serial);
    const reloaded = Promise.race([
      once(reloader, 'reloaded'),
      once(reloader, 'failed').then(([error]) => Promise.reject(error as Error)),
    ]);
    await revokeInChildProcess(dir, pump.serial);
    await reloaded;
    expectRefused(await attempt(presenting(pump)), 'CERT_REVOKED', 'PKI_CERT_REVOKED');
  });

  it('refuses a server certificate used as a client (no clientAuth usage)', async () => {
    const serverOnly = authority.issue({ name: 'web-server', role: 'server', dnsNames: ['web.lab'] });
    expectRefused(await attempt(presenting(serverOnly)), 'INVALID_PURPOSE', 'PKI_CERT_WRONG_USAGE');
  });
});

describe('loading TLS material', () => {
  const codeOf = (work: () => unknown): ErrorCode | undefined => {
    try {
      work();
      return undefined;
    } catch (error) {
      return isPumplabError(error) ? error.code : undefined;
    }
  };

  it('refuses an unknown name and a directory without a PKI', () => {
    expect(codeOf(() => loadTlsMaterial(dir, 'no-such-pump'))).toBe('PKI_UNKNOWN_NAME');
    expect(codeOf(() => loadTlsMaterial(files, 'pump-1'))).toBe('PKI_STORE_NOT_INITIALISED');
  });

  it('never hands out a CA key as TLS material', () => {
    expect(codeOf(() => loadTlsMaterial(dir, 'device-ca'))).toBe('INPUT_INVALID');
  });
});

/** Runs openssl without blocking the event loop: the server under test is in this process. */
function opensslAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe.skipIf(!hasOpenssl())('OpenSSL s_client as an independent peer', () => {
  const verifyCode = (stdout: string): number | undefined => {
    const match = /Verify return code: (\d+)/.exec(stdout);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };

  it('completes a mutual TLS handshake with the lab server', async () => {
    const pump = authority.issue({ name: 'pump-openssl', role: 'device', deviceSerial: 'PUMP-0005' });
    // -ign_eof: stay until the server closes, to read its greeting (sent after the TLS 1.3 handshake).
    const args = [
      's_client',
      '-ign_eof',
      '-connect',
      `127.0.0.1:${port}`,
      '-cert',
      writeTemp(files, 'dev.pem', pump.certificatePem),
      '-cert_chain',
      writeTemp(files, 'dev-chain.pem', authority.caPem('device-ca')),
      '-key',
      writeTemp(files, 'dev.key', pump.privateKeyPem),
    ];
    const trusted = await opensslAsync([
      ...args,
      '-CAfile',
      writeTemp(files, 'root.pem', authority.rootPem()),
    ]);
    expect(verifyCode(trusted.stdout), trusted.stderr).toBe(0);
    expect(trusted.stdout).toContain('PUMP-0005');

    const foreignRoot = writeTemp(files, 'foreign-root.pem', foreign.rootPem);
    const untrusted = await opensslAsync([...args, '-CAfile', foreignRoot]);
    // X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY (20): the foreign root has the lab root's name, not its key.
    expect(verifyCode(untrusted.stdout), untrusted.stderr).toBe(20);
  });
});
