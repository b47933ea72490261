import { describe, expect, it } from 'vitest';
import { isPumplabError } from '../../../core/errors.ts';
import { CertificateAuthority } from '../../../pki/authority.ts';
import { verifyDetached } from '../../../pki/code-signing/verify-detached.ts';
import { createAttackerKit } from '../../../scenarios/actions/attacker-kit.ts';
import {
  nextVersion,
  tamperedFirmware,
  tamperedLibrary,
} from '../../../scenarios/actions/tampered-packages.ts';
import { drugLibrarySchema } from '../../../simulators/contract/drug-library.ts';
import { parseFirmwareImage } from '../../../simulators/contract/firmware-image.ts';
import { pumpModel } from '../../../simulators/fleet/fleet-plan.ts';
import { sampleDrugLibrary } from '../../../simulators/pump/sample-drug-library.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const kit = createAttackerKit();
const at = new Date();

/** The code verifying throws, or 'verified'. */
function verdict(
  content: Buffer,
  signature: Buffer,
  trust: { trustAnchorPem: string; crlPems: string[] },
): string {
  try {
    verifyDetached(content, signature, { ...trust, at });
    return 'verified';
  } catch (error) {
    return isPumplabError(error) ? error.code : String(error);
  }
}

describe("the attacker's kit", () => {
  it('signs a tampered library so that it verifies against its own CA, and not against the lab root', () => {
    const library = tamperedLibrary(10, '1.0.1');
    const signature = kit.sign(library, at);
    expect(verdict(library, signature, { trustAnchorPem: kit.caCertificatePem, crlPems: [kit.crlPem] })).toBe(
      'verified',
    );
    const lab = CertificateAuthority.init(tempDir('pumplab-attacker-kit-'));
    try {
      const trust = { trustAnchorPem: lab.rootPem(), crlPems: lab.crlPems() };
      expect(verdict(library, signature, trust)).toBe('PKI_CERT_UNTRUSTED');
    } finally {
      lab.close();
    }
  });

  it('makes a fresh CA each time: one kit’s signature does not verify against another’s', () => {
    const content = Buffer.from('firmware');
    const other = createAttackerKit();
    const trust = { trustAnchorPem: other.caCertificatePem, crlPems: [other.crlPem] };
    expect(verdict(content, kit.sign(content, at), trust)).toBe('PKI_CERT_UNTRUSTED');
  });

  it('raises every hard and soft maximum of the sample library by the factor, under a new version', () => {
    const library = drugLibrarySchema.parse(JSON.parse(tamperedLibrary(10, '1.0.1').toString('utf8')));
    expect(library.version).toBe('1.0.1');
    const original = sampleDrugLibrary.careAreas.flatMap((area) => area.drugs);
    const raised = library.careAreas.flatMap((area) => area.drugs);
    expect(raised.map((drug) => drug.limits.hardMax)).toEqual(
      original.map((drug) => drug.limits.hardMax * 10),
    );
    expect(raised.map((drug) => drug.limits.softMax)).toEqual(
      original.map((drug) => drug.limits.softMax && drug.limits.softMax * 10),
    );
    expect(library.careAreas.every((area) => area.maxRateMlPerHour <= 1200)).toBe(true);
  });

  it('builds a well-formed PLFW image of the vulnerable 2.4.0 for the lab pump model, its body modified', () => {
    const image = parseFirmwareImage(tamperedFirmware());
    expect(image).toMatchObject({ model: pumpModel, version: '2.4.0' });
    expect(image.body.toString()).toContain('rebuilt');
  });

  it('picks the next patch version above every version seen', () => {
    expect(nextVersion([])).toBe('1.0.0');
    expect(nextVersion(['1.0.0', null, '1.10.2', '1.9.9'])).toBe('1.10.3');
  });
});
