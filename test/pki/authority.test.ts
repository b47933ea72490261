import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { CertificateAuthority } from '../../pki/authority.ts';
import { ManualClock } from '../../core/clock.ts';
import { isPumplabError, type ErrorCode } from '../../core/errors.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const root = tempDir();
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'state-'));
});

function codeOf(work: () => unknown): ErrorCode | 'no error' | 'not a pumplab error' {
  try {
    work();
    return 'no error';
  } catch (error) {
    return isPumplabError(error) ? error.code : 'not a pumplab error';
  }
}

/** A digest of every file in the store: "intact" means this does not change. */
function snapshot(stateDir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of fs
      .readdirSync(folder, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (!entry.name.endsWith('-wal') && !entry.name.endsWith('-shm'))
        hash.update(entry.name).update(fs.readFileSync(file));
    }
  };
  walk(stateDir);
  return hash.digest('hex');
}

describe('the certificate authority', () => {
  it('creates a root, three issuing CAs and a CRL for each', () => {
    const authority = CertificateAuthority.init(dir);
    expect(authority.list().map((record) => [record.name, record.role, record.issuer])).toEqual([
      ['root-ca', 'root-ca', null],
      ['device-ca', 'issuing-ca', 'root-ca'],
      ['infrastructure-ca', 'issuing-ca', 'root-ca'],
      ['code-signing-ca', 'issuing-ca', 'root-ca'],
    ]);
    expect(authority.crlPems()).toHaveLength(4);
    authority.close();
  });

  it('keeps private keys readable by their owner only', () => {
    const authority = CertificateAuthority.init(dir);
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    expect(fs.statSync(authority.store.layout.keys).mode & 0o777).toBe(0o700);
    expect(fs.statSync(authority.store.layout.privateKey(pump.serial)).mode & 0o777).toBe(0o600);
    authority.close();
  });

  it('refuses to initialise over an existing PKI and leaves it intact', () => {
    CertificateAuthority.init(dir).close();
    const before = snapshot(dir);
    expect(codeOf(() => CertificateAuthority.init(dir))).toBe('PKI_STORE_ALREADY_INITIALISED');
    expect(snapshot(dir)).toBe(before);
  });

  it('reports a missing state directory as not initialised', () => {
    expect(codeOf(() => CertificateAuthority.open(path.join(dir, 'nowhere')))).toBe(
      'PKI_STORE_NOT_INITIALISED',
    );
  });

  it('refuses a duplicate name and leaves the store intact', () => {
    const authority = CertificateAuthority.init(dir);
    authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    const before = snapshot(dir);
    expect(codeOf(() => authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL9' }))).toBe(
      'PKI_DUPLICATE_NAME',
    );
    expect(
      codeOf(() =>
        authority.issueMany([
          { name: 'pump-2', role: 'device', deviceSerial: 'PL2' },
          { name: 'pump-2', role: 'device', deviceSerial: 'PL3' },
        ]),
      ),
    ).toBe('PKI_DUPLICATE_NAME');
    expect(
      codeOf(() =>
        authority.issueMany([
          { name: 'pump-3', role: 'device', deviceSerial: 'PL3' },
          { name: 'pump-1', role: 'device', deviceSerial: 'PL4' },
        ]),
      ),
    ).toBe('PKI_DUPLICATE_NAME');
    expect(snapshot(dir)).toBe(before);
    authority.close();
  });

  it('refuses requests that fail their schema', () => {
    const authority = CertificateAuthority.init(dir);
    expect(codeOf(() => authority.issue({ name: 'bad name!', role: 'client' }))).toBe('INPUT_INVALID');
    expect(codeOf(() => authority.issue({ name: 'pump-x', role: 'device' }))).toBe('INPUT_INVALID');
    expect(codeOf(() => authority.issue({ name: 'srv', role: 'server', ipAddresses: ['999.1.1.1'] }))).toBe(
      'INPUT_INVALID',
    );
    authority.close();
  });

  it('reports an unknown serial on revoke and lookup', () => {
    const authority = CertificateAuthority.init(dir);
    expect(codeOf(() => authority.revoke('abcdef'))).toBe('PKI_UNKNOWN_SERIAL');
    expect(codeOf(() => authority.record('abcdef'))).toBe('PKI_UNKNOWN_SERIAL');
    expect(codeOf(() => authority.identity('nobody'))).toBe('PKI_UNKNOWN_NAME');
    authority.close();
  });

  it('revokes once, with a reason, and refuses a second revocation', () => {
    const authority = CertificateAuthority.init(dir);
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    expect(authority.revoke(pump.serial, 'keyCompromise')).toMatchObject({
      status: 'revoked',
      revocationReason: 'keyCompromise',
    });
    expect(codeOf(() => authority.revoke(pump.serial))).toBe('PKI_ALREADY_REVOKED');
    authority.close();
  });

  it('renews with a new key and the same identity, superseding the old certificate', () => {
    const authority = CertificateAuthority.init(dir);
    const first = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    const renewed = authority.renew('pump-1');
    expect(renewed.serial).not.toBe(first.serial);
    expect(renewed.privateKeyPem).not.toBe(first.privateKeyPem);
    expect(new crypto.X509Certificate(renewed.certificatePem).subjectAltName).toContain(
      'urn:pumplab:pump:PL1',
    );
    expect(authority.record(first.serial).status).toBe('superseded');
    expect(authority.identity('pump-1').serial).toBe(renewed.serial);
    authority.close();
  });

  it('derives expired and not-yet-valid status from the clock', () => {
    const clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const authority = CertificateAuthority.init(dir, { clock });
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    const later = authority.issue({
      name: 'pump-2',
      role: 'device',
      deviceSerial: 'PL2',
      notBefore: new Date('2031-01-01T00:00:00Z'),
    });
    expect(authority.record(later.serial).status).toBe('not-yet-valid');
    clock.advance(6 * 365 * 86_400_000);
    expect(authority.record(pump.serial).status).toBe('expired');
    authority.close();
  });

  it('reports a corrupted index as corrupt and leaves the file as it was', () => {
    CertificateAuthority.init(dir).close();
    const index = path.join(dir, 'pki', 'index.db');
    for (const suffix of ['-wal', '-shm']) fs.rmSync(index + suffix, { force: true });
    fs.writeFileSync(index, 'this is not a database'.repeat(100));
    const before = fs.readFileSync(index);
    expect(codeOf(() => CertificateAuthority.open(dir))).toBe('PKI_STORE_CORRUPT');
    expect(fs.readFileSync(index)).toEqual(before);
  });

  it('reports a corrupted certificate file as corrupt', () => {
    const authority = CertificateAuthority.init(dir);
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    authority.close();
    fs.writeFileSync(
      path.join(dir, 'pki', 'certs', `${pump.serial}.pem`),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    const reopened = CertificateAuthority.open(dir);
    expect(codeOf(() => reopened.identity('pump-1'))).toBe('PKI_STORE_CORRUPT');
    reopened.close();
  });

  it('refuses a private key that others can read', () => {
    const authority = CertificateAuthority.init(dir);
    const pump = authority.issue({ name: 'pump-1', role: 'device', deviceSerial: 'PL1' });
    fs.chmodSync(authority.store.layout.privateKey(pump.serial), 0o644);
    expect(codeOf(() => authority.identity('pump-1'))).toBe('PKI_STORE_PERMISSIONS');
    authority.close();
  });

  it('lets several processes issue into one store at once without losing a certificate', async () => {
    CertificateAuthority.init(dir).close();
    const helper = path.join(import.meta.dirname, '..', 'helpers', 'issue-in-child.ts');
    const run = (prefix: string): Promise<number | null> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', helper, dir, '40', prefix], {
          stdio: 'inherit',
        });
        child.on('exit', resolve);
      });
    expect(await Promise.all([run('a'), run('b'), run('c')])).toEqual([0, 0, 0]);
    const authority = CertificateAuthority.open(dir);
    const devices = authority.list().filter((record) => record.role === 'device');
    expect(devices).toHaveLength(120);
    for (const device of devices)
      expect(fs.existsSync(authority.store.layout.certificate(device.serial))).toBe(true);
    authority.close();
  });
});
