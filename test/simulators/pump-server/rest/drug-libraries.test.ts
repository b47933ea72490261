import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDetached } from '../../../../pki/code-signing/verify-detached.ts';
import { hasOpenssl, openssl, writeTemp } from '../../../helpers/openssl.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { libraryFixture } from './fixtures.ts';
import { startRestLab, type RestLab } from './rest-harness.ts';

let lab: RestLab;
const files = tempDir('pumplab-rest-files-');

beforeAll(async () => {
  lab = await startRestLab();
  for (const serial of ['ICU-1', 'ICU-2', 'ICU-3']) lab.inventory.add(serial, { careArea: 'icu' });
  lab.inventory.add('MS-1', { careArea: 'med-surg' });
  lab.inventory.add('ONC-1', { careArea: 'oncology' });
  const created = await lab.request('POST', '/api/v1/drug-libraries', { json: libraryFixture('1.0.0') });
  expect(created.status).toBe(201);
});

afterAll(async () => lab.close());

const download = async (part: string): Promise<Buffer> =>
  (await lab.request('GET', `/api/v1/drug-libraries/1.0.0?part=${part}`)).body;

describe('creating a drug library', () => {
  it('signs it and answers 201 with its summary and Location', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries', { json: libraryFixture('1.1.0') });
    expect(reply.status).toBe(201);
    expect(reply.headers['location']).toBe('/api/v1/drug-libraries/1.1.0');
    expect(reply.json()).toMatchObject({
      version: '1.1.0',
      careAreas: ['icu', 'med-surg'],
      signer: 'drug-library-signer',
    });
  });

  it('refuses a version that exists with LIBRARY_VERSION_EXISTS', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries', { json: libraryFixture('1.0.0') });
    expect(reply.status).toBe(409);
    expect(reply.json()).toMatchObject({ code: 'LIBRARY_VERSION_EXISTS' });
  });

  it('refuses a library that breaks the contract schema with INPUT_INVALID', async () => {
    const broken = libraryFixture('3.0.0');
    const drug = broken.careAreas[0]?.drugs[0];
    if (drug) drug.limits = { softMax: 5000, hardMax: 3000 };
    const reply = await lab.request('POST', '/api/v1/drug-libraries', { json: { ...broken, version: 'v3' } });
    expect(reply.status).toBe(400);
    const problems = reply.json<{ details: { problems: string[] } }>().details.problems;
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^body\.version/), expect.stringMatching(/limits/)]),
    );
  });

  it('lists versions lowest first', async () => {
    const reply = await lab.request('GET', '/api/v1/drug-libraries');
    const versions = reply.json<{ items: { version: string }[] }>().items.map((item) => item.version);
    expect(versions.slice(0, 2)).toEqual(['1.0.0', '1.1.0']);
  });

  it('answers an unknown version with LIBRARY_UNKNOWN_VERSION', async () => {
    const reply = await lab.request('GET', '/api/v1/drug-libraries/7.7.7?part=library');
    expect(reply.status).toBe(404);
    expect(reply.json()).toMatchObject({ code: 'LIBRARY_UNKNOWN_VERSION' });
  });
});

describe('the signed bytes', () => {
  it('are served as signed, and the signature verifies with verifyDetached', async () => {
    const library = await download('library');
    expect(JSON.parse(library.toString('utf8'))).toEqual(libraryFixture('1.0.0'));
    const verified = verifyDetached(library, await download('signature'), {
      trustAnchorPem: lab.rootPem,
      crlPems: lab.authority.crlPems(),
      at: new Date(),
    });
    expect(verified.signerSubject).toMatch(/CN=drug-library-signer$/);
  });

  it('fail verification once a byte is changed', async () => {
    const library = await download('library');
    library[library.indexOf('3000')] = '4'.charCodeAt(0);
    const signature = await download('signature');
    const trust = { trustAnchorPem: lab.rootPem, crlPems: lab.authority.crlPems(), at: new Date() };
    expect(() => verifyDetached(library, signature, trust)).toThrow(
      expect.objectContaining({ code: 'PKI_SIGNATURE_INVALID' }),
    );
  });

  it.skipIf(!hasOpenssl())('verify with OpenSSL cms against the lab root', async () => {
    const content = writeTemp(files, 'lib.json', await download('library'));
    const signature = writeTemp(files, 'lib.p7s', await download('signature'));
    const root = writeTemp(files, 'root.pem', lab.rootPem);
    const args = ['cms', '-verify', '-binary', '-inform', 'DER', '-content', content, '-in', signature];
    const result = openssl([
      ...args,
      '-CAfile',
      root,
      '-purpose',
      'any',
      '-out',
      path.join(files, 'out.json'),
    ]);
    expect(result.stderr).toContain('Verification successful');
    expect(result.status).toBe(0);
  });
});

describe('distributing a library', () => {
  it('sends one install-library per pump of the care area only, and records each outcome', async () => {
    lab.sender.sent.length = 0;
    lab.sender.behaviours.set('ICU-2', { kind: 'reject', reason: 'PUMP_BUSY' });
    lab.sender.behaviours.set('ICU-3', { kind: 'timeout' });
    const reply = await lab.request('POST', '/api/v1/drug-libraries/1.0.0/distributions', {
      json: { careArea: 'icu' },
    });
    expect(reply.status).toBe(201);
    expect(lab.sender.sent.map((sent) => [sent.serial, sent.command.kind])).toEqual([
      ['ICU-1', 'install-library'],
      ['ICU-2', 'install-library'],
      ['ICU-3', 'install-library'],
    ]);
    const command = lab.sender.sent[0]?.command;
    expect(command?.kind === 'install-library' && Buffer.from(command.library, 'base64')).toEqual(
      await download('library'),
    );
    expect(reply.json<{ results: unknown[] }>().results).toEqual([
      { serial: 'ICU-1', outcome: 'accepted' },
      { serial: 'ICU-2', outcome: 'rejected', reason: 'PUMP_BUSY' },
      { serial: 'ICU-3', outcome: 'timed-out', reason: 'BROKER_COMMAND_TIMEOUT' },
    ]);
  });

  it('reports which pumps run the version, and keeps the distribution', async () => {
    const reply = await lab.request('GET', '/api/v1/drug-libraries/1.0.0');
    const body = reply.json<{ pumps: string[]; distributions: { careArea: string }[] }>();
    expect(body.pumps).toEqual(['ICU-1']);
    expect(body.distributions.map((distribution) => distribution.careArea)).toEqual(['icu']);
  });

  it('refuses a care area the library does not define with LIBRARY_UNKNOWN_CARE_AREA', async () => {
    const reply = await lab.request('POST', '/api/v1/drug-libraries/1.0.0/distributions', {
      json: { careArea: 'oncology' },
    });
    expect(reply.status).toBe(422);
    expect(reply.json()).toMatchObject({ code: 'LIBRARY_UNKNOWN_CARE_AREA' });
  });

  it('refuses a care area without pumps with LIBRARY_NO_PUMPS', async () => {
    lab.inventory.pumps.delete('MS-1');
    const reply = await lab.request('POST', '/api/v1/drug-libraries/1.0.0/distributions', {
      json: { careArea: 'med-surg' },
    });
    expect(reply.status).toBe(409);
    expect(reply.json()).toMatchObject({ code: 'LIBRARY_NO_PUMPS' });
  });
});
