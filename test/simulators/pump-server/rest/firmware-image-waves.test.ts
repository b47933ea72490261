import { describe, expect, it } from 'vitest';
import { buildFirmwareImage, parseFirmwareImage } from '../../../../simulators/contract/firmware-image.ts';
import { planWaves } from '../../../../simulators/pump-server/rollout-plan.ts';

const serials = (n: number): string[] => Array.from({ length: n }, (_, i) => `P-${i}`);

describe('planWaves', () => {
  it('splits by cumulative fractions, rounding each wave up', () => {
    expect(planWaves(serials(10), { fractions: [0.1, 0.5, 1] }).map((w) => w.length)).toEqual([1, 4, 5]);
    expect(planWaves(serials(3), { fractions: [0.1, 0.5, 1] }).map((w) => w.length)).toEqual([1, 1, 1]);
  });

  it('never makes an empty wave', () => {
    expect(planWaves(serials(1), { fractions: [0.1, 0.5, 1] })).toEqual([['P-0']]);
  });

  it('splits by explicit sizes, with the rest in a last wave', () => {
    expect(planWaves(serials(7), { sizes: [1, 2] }).map((w) => w.length)).toEqual([1, 2, 4]);
    expect(planWaves(serials(2), { sizes: [5] }).map((w) => w.length)).toEqual([2]);
  });
});

describe('the PLFW/1 firmware image', () => {
  const image = buildFirmwareImage({ model: 'LVP-3000', version: '2.1.0', body: Buffer.from('body bytes') });

  it('round-trips its header and body', () => {
    expect(parseFirmwareImage(image)).toMatchObject({
      model: 'LVP-3000',
      version: '2.1.0',
      body: Buffer.from('body bytes'),
    });
  });

  it.each([
    ['a truncated image', image.subarray(0, image.length - 1)],
    ['a changed body byte', Buffer.concat([image.subarray(0, image.length - 1), Buffer.from('X')])],
    ['another magic', Buffer.concat([Buffer.from('MZ\x90\x00'), image.subarray(4)])],
    [
      'a header length past the end',
      Buffer.concat([image.subarray(0, 5), Buffer.from([0xff, 0xff]), image.subarray(7)]),
    ],
  ])('refuses %s with FIRMWARE_IMAGE_INVALID', (_name, bytes) => {
    expect(() => parseFirmwareImage(bytes)).toThrow(
      expect.objectContaining({ code: 'FIRMWARE_IMAGE_INVALID' }),
    );
  });
});
