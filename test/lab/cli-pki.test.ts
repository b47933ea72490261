import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';
import { hasOpenssl, openssl } from '../helpers/openssl.ts';
import { errorCode, runCli } from '../helpers/run-cli.ts';
import { anyFreePorts, spawnUp } from '../helpers/spawn-up.ts';

interface Listed {
  serial: string;
  name: string;
  role: string;
  status: string;
  issuer: string | null;
}

const pkiSubcommands = [
  'init',
  'issue',
  'revoke',
  'crl',
  'list',
  'verify',
  'sign',
  'verify-signature',
  'export',
];

const work = tempDir('pumplab-cli-');
const dir = path.join(work, 'state');

/** Runs `pumplab pki <command> ... --dir <dir> --json`, in the work folder. */
const pki = (command: string, ...args: string[]) =>
  runCli(['pki', command, ...args, '--dir', dir, '--json'], { cwd: work });

const listed = (): Listed[] => pki('list').json<Listed[]>();
const byName = (name: string): Listed => {
  const found = listed().find((record) => record.name === name && record.status === 'valid');
  if (!found) throw new Error(`no valid certificate named ${name}`);
  return found;
};
const mode = (file: string): number => fs.statSync(file).mode & 0o777;

beforeAll(() => {
  const init = pki('init');
  expect(init.status, init.stderr).toBe(0);
  for (const [name, role, ...extra] of [
    ['ehr', 'server', '--dns', 'ehr,ehr.pumplab.lab', '--ip', '127.0.0.1'],
    ['signer', 'code-signing'],
    ['pump-1', 'device', '--device-serial', 'PL00001'],
  ] as const) {
    const issued = pki('issue', '--name', name, '--role', role, ...extra);
    expect(issued.status, issued.stdout + issued.stderr).toBe(0);
  }
});

describe('pumplab pki: commands', () => {
  it('lists all nine pki subcommands in --help', () => {
    const help = runCli(['pki', '--help']);
    expect(help.status).toBe(0);
    for (const command of pkiSubcommands) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('lists issued certificates as JSON', () => {
    const names = listed().map((record) => record.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'root-ca',
        'device-ca',
        'infrastructure-ca',
        'code-signing-ca',
        'ehr',
        'pump-1',
      ]),
    );
    expect(byName('ehr')).toMatchObject({ role: 'server', issuer: 'infrastructure-ca' });
  });

  it('keeps private keys at mode 0600 in a 0700 folder', () => {
    const keys = path.join(dir, 'pki', 'private');
    expect(mode(keys)).toBe(0o700);
    const files = fs.readdirSync(keys);
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(mode(path.join(keys, file))).toBe(0o600);
  });

  it('publishes a CRL for every CA and prints the paths', () => {
    const crl = pki('crl');
    expect(crl.status).toBe(0);
    const { crls } = crl.json<{ crls: { ca: string; file: string }[] }>();
    expect(crls.map((entry) => entry.ca)).toEqual([
      'root-ca',
      'device-ca',
      'infrastructure-ca',
      'code-signing-ca',
    ]);
    for (const entry of crls) expect(fs.existsSync(entry.file)).toBe(true);
  });

  it('verifies an issued certificate for its purpose and refuses another purpose', () => {
    const certificate = path.join(dir, 'pki', 'certs', `${byName('ehr').serial}.pem`);
    expect(pki('verify', certificate, '--purpose', 'serverAuth').status).toBe(0);
    const wrong = pki('verify', certificate, '--purpose', 'codeSigning');
    expect(wrong.status).toBe(1);
    expect(errorCode(wrong)).toBe('PKI_CERT_WRONG_USAGE');
  });
});

describe('pumplab pki: errors carry catalogue codes and exit 1', () => {
  it('refuses a second valid certificate with the same name', () => {
    const duplicate = pki('issue', '--name', 'ehr', '--role', 'server');
    expect(duplicate.status).toBe(1);
    expect(errorCode(duplicate)).toBe('PKI_DUPLICATE_NAME');
  });

  it('refuses to revoke an unknown serial', () => {
    const unknown = pki('revoke', '0123456789abcdef');
    expect(unknown.status).toBe(1);
    expect(errorCode(unknown)).toBe('PKI_UNKNOWN_SERIAL');
  });

  it('says the store is not initialised when the state directory is missing', () => {
    const missing = runCli(['pki', 'list', '--dir', path.join(work, 'nowhere'), '--json']);
    expect(missing.status).toBe(1);
    expect(errorCode(missing)).toBe('PKI_STORE_NOT_INITIALISED');
  });

  it('reports invalid input as INPUT_INVALID, and without --json as `error CODE:` on stderr', () => {
    const noSerial = pki('issue', '--name', 'pump-x', '--role', 'device');
    expect(errorCode(noSerial)).toBe('INPUT_INVALID');
    const human = runCli(['pki', 'issue', '--name', 'x', '--role', 'nurse', '--dir', dir]);
    expect(human.status).toBe(1);
    expect(human.stderr).toMatch(/^error INPUT_INVALID: /);
    expect(human.stderr).toMatch(/^hint: /m);
  });

  it('reports a group-readable private key as PKI_STORE_PERMISSIONS when it is used', () => {
    const key = path.join(dir, 'pki', 'private', `${byName('pump-1').serial}.key.pem`);
    fs.chmodSync(key, 0o640);
    try {
      const exported = pki('export', 'pump-1', '--out', path.join(work, 'pump-1.pem'));
      expect(exported.status).toBe(1);
      expect(errorCode(exported)).toBe('PKI_STORE_PERMISSIONS');
    } finally {
      fs.chmodSync(key, 0o600);
    }
  });

  it('reports a corrupted index as PKI_STORE_CORRUPT and leaves the file as it was', () => {
    const corruptDir = path.join(work, 'corrupt');
    expect(runCli(['pki', 'init', '--dir', corruptDir]).status).toBe(0);
    const index = path.join(corruptDir, 'pki', 'index.db');
    const garbage = Buffer.alloc(8192, 'not a database; ');
    fs.writeFileSync(index, garbage);
    const certs = fs.readdirSync(path.join(corruptDir, 'pki', 'certs')).sort();
    for (const args of [['list'], ['issue', '--name', 'late', '--role', 'client']]) {
      const result = runCli(['pki', ...args, '--dir', corruptDir, '--json']);
      expect(result.status).toBe(1);
      expect(errorCode(result)).toBe('PKI_STORE_CORRUPT');
    }
    expect(fs.readFileSync(index).equals(garbage)).toBe(true);
    expect(fs.readdirSync(path.join(corruptDir, 'pki', 'certs')).sort()).toEqual(certs);
  });
});

describe.skipIf(!hasOpenssl())('pumplab pki: checked with openssl', () => {
  it('revokes a certificate: openssl finds its serial in the new CRL and verify refuses it', () => {
    const issued = pki('issue', '--name', 'to-revoke', '--role', 'client');
    const { serial } = issued.json<{ serial: string }>();
    const revoked = pki('revoke', serial, '--reason', 'keyCompromise');
    expect(revoked.status).toBe(0);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
    const text = openssl([
      'crl',
      '-in',
      path.join(dir, 'pki', 'crl', 'infrastructure-ca.crl.pem'),
      '-noout',
      '-text',
    ]);
    expect(text.status).toBe(0);
    expect(text.stdout.toLowerCase()).toContain(`serial number: ${serial}`);
    expect(text.stdout).toContain('Key Compromise');
    expect(listed().find((record) => record.serial === serial)?.status).toBe('revoked');
    const verified = pki('verify', path.join(dir, 'pki', 'certs', `${serial}.pem`));
    expect(errorCode(verified)).toBe('PKI_CERT_REVOKED');
  });

  it('exports a PKCS#12 that openssl opens with the password, at mode 0600', () => {
    const passwordFile = path.join(work, 'p12-password');
    fs.writeFileSync(passwordFile, 'lab-secret\n');
    const out = path.join(work, 'ehr.p12');
    const exported = pki('export', 'ehr', '--format', 'p12', '--password-file', passwordFile, '--out', out);
    expect(exported.status, exported.stdout).toBe(0);
    expect(mode(out)).toBe(0o600);
    const read = openssl(['pkcs12', '-in', out, '-passin', 'pass:lab-secret', '-nodes']);
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toContain('CN = ehr');
    expect(read.stdout).toContain('BEGIN PRIVATE KEY');
    expect(openssl(['pkcs12', '-in', out, '-passin', 'pass:wrong', '-nodes']).status).not.toBe(0);
  });

  it('signs a file, verifies the signature, and refuses a tampered file', () => {
    const library = path.join(work, 'drug-library.json');
    fs.writeFileSync(library, JSON.stringify({ heparin: { maxRate: 2000 } }));
    const signed = pki('sign', library, '--signer', 'signer');
    expect(signed.status, signed.stdout + signed.stderr).toBe(0);
    const signature = `${library}.p7s`;
    const verified = pki('verify-signature', library, signature);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.json()).toMatchObject({ valid: true, signerSerial: byName('signer').serial });
    fs.appendFileSync(library, ' ');
    const tampered = pki('verify-signature', library, signature);
    expect(tampered.status).toBe(1);
    expect(errorCode(tampered)).toBe('PKI_SIGNATURE_INVALID');
  });
});

describe('pumplab up: the lab PKI', () => {
  /** Runs `up` on free ports until it has started, then stops it as Ctrl-C would. */
  const upOnce = async (upDir: string) => {
    const up = spawnUp<{ pki: { created: boolean; issued: string[] } }>([
      '--dir',
      upDir,
      '--pumps',
      '3',
      ...anyFreePorts,
      '--json',
    ]);
    const { pki: summary } = await up.started;
    expect((await up.stop()).code).toBe(0);
    return summary;
  };

  it('creates the PKI with the standard identities and pumps, then issues nothing on a second run', async () => {
    const upDir = path.join(work, 'lab');
    const { created, issued } = await upOnce(upDir);
    expect(created).toBe(true);
    expect(issued).toEqual(
      expect.arrayContaining(['pump-server', 'ehr', 'poc-1', 'gateway', 'biomed-ws', 'drug-library-signer']),
    );
    expect(issued).toEqual(expect.arrayContaining(['pump-PL00001', 'pump-PL00002', 'pump-PL00003']));
    expect(await upOnce(upDir)).toMatchObject({ created: false, issued: [] });
  });
});
