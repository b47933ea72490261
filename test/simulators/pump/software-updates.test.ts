import { afterEach, describe, expect, it } from 'vitest';
import type { DrugLibrary } from '../../../simulators/contract/drug-library.ts';
import { buildFirmwareImage } from '../../../simulators/contract/firmware-image.ts';
import type { Pump, PumpOptions } from '../../../simulators/pump/pump.ts';
import { sampleDrugLibrary, sampleDrugLibraryBytes } from '../../../simulators/pump/sample-drug-library.ts';
import {
  eventTypes,
  fakeSign,
  installFirmwareCommand,
  installLibraryCommand,
  makePump,
  programCommand,
  simpleCommand,
} from './pump-fixtures.ts';

const pumps: Pump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((pump) => pump.close()));
});

function pumpWith(options: Partial<PumpOptions>): ReturnType<typeof makePump> {
  const setup = makePump({ library: undefined, ...options });
  pumps.push(setup.pump);
  return setup;
}

/** The sample library at another version, with the saline hard maximum in the ICU lowered. */
function revisedLibrary(version: string, salineHardMax: number): Buffer {
  const library: DrugLibrary = structuredClone(sampleDrugLibrary);
  library.version = version;
  const saline = library.careAreas[0]?.drugs.find((drug) => drug.id === 'normal-saline');
  if (saline) saline.limits = { hardMax: salineHardMax };
  return sampleDrugLibraryBytes(library);
}

const image = (version: string, model = 'PL-3000'): Buffer => buildFirmwareImage({ model, version });

describe('drug library installation', () => {
  const bytes = sampleDrugLibraryBytes();

  it('refuses an unsigned library on firmware that requires signatures, and reports the rejection', () => {
    const { pump, messages } = pumpWith({ firmware: '4.2.1' });
    expect(pump.handleCommand(installLibraryCommand(bytes, null)).reason).toBe('PUMP_SIGNATURE_REQUIRED');
    expect(pump.identity.libraryVersion).toBeNull();
    const rejected = messages.find((m) => m.channel === 'events' && m.payload.type === 'library-rejected');
    expect(rejected?.channel === 'events' && rejected.payload.detail).toEqual({
      reason: 'PUMP_SIGNATURE_REQUIRED',
      source: 'network',
    });
  });

  it('installs a correctly signed library and names its signer', () => {
    const { pump, messages } = pumpWith({ firmware: '4.2.1' });
    expect(pump.handleCommand(installLibraryCommand(bytes, fakeSign(bytes)))).toMatchObject({
      outcome: 'accepted',
      detail: { version: '1.0.0' },
    });
    expect(pump.status().libraryVersion).toBe('1.0.0');
    const installed = messages.find((m) => m.channel === 'events' && m.payload.type === 'library-installed');
    expect(installed?.channel === 'events' && installed.payload.detail).toMatchObject({
      signatureChecked: true,
      signer: 'CN=pumplab code signing',
    });
  });

  it('refuses a tampered library and one signed with another key', () => {
    const { pump } = pumpWith({ firmware: '4.2.1' });
    const tampered = revisedLibrary('1.0.0', 5000);
    expect(pump.handleCommand(installLibraryCommand(tampered, fakeSign(bytes))).reason).toBe(
      'PUMP_SIGNATURE_INVALID',
    );
    expect(pump.handleCommand(installLibraryCommand(bytes, fakeSign(bytes, 'attacker'))).reason).toBe(
      'PUMP_SIGNATURE_INVALID',
    );
    expect(pump.identity.libraryVersion).toBeNull();
  });

  it('accepts anything on legacy firmware, even a forged signature (CVE-2014-5406 pattern)', () => {
    const { pump } = pumpWith({ firmware: '2.4.0' });
    expect(pump.handleCommand(installLibraryCommand(bytes, null)).outcome).toBe('accepted');
    const forged = revisedLibrary('6.6.6', 5000);
    expect(pump.handleCommand(installLibraryCommand(forged, Buffer.from('not a signature'))).outcome).toBe(
      'accepted',
    );
    expect(pump.identity.libraryVersion).toBe('6.6.6');
  });

  it('checks signatures on legacy firmware when the signed-libraries control is on', () => {
    const { pump } = pumpWith({ firmware: '2.4.0', requireSignedLibraries: true });
    expect(pump.handleCommand(installLibraryCommand(bytes, null)).reason).toBe('PUMP_SIGNATURE_REQUIRED');
    expect(pump.handleCommand(installLibraryCommand(bytes, fakeSign(bytes))).outcome).toBe('accepted');
  });

  it('refuses a library that is not one, or lacks the pump care area', () => {
    const { pump } = pumpWith({ firmware: '2.4.0', careArea: 'nicu' });
    expect(pump.handleCommand(installLibraryCommand(Buffer.from('{"format":'), null)).reason).toBe(
      'PUMP_LIBRARY_INVALID',
    );
    expect(pump.handleCommand(installLibraryCommand(Buffer.from('{"format":"x"}'), null)).reason).toBe(
      'PUMP_LIBRARY_INVALID',
    );
    expect(pump.handleCommand(installLibraryCommand(bytes, null)).reason).toBe('PUMP_CARE_AREA_UNKNOWN');
  });

  it('installs during an infusion without touching it; the new limits apply to the next program', () => {
    const { pump, clock } = pumpWith({ firmware: '2.4.0', library: sampleDrugLibrary });
    pump.handleCommand(programCommand({ rate: 125, vtbi: 500, autoStart: true }));
    expect(pump.handleCommand(installLibraryCommand(revisedLibrary('1.1.0', 100), null)).outcome).toBe(
      'accepted',
    );
    clock.advance(3_600_000);
    expect(pump.status()).toMatchObject({ state: 'infusing', libraryVersion: '1.1.0' });
    expect(pump.status().infusion).toMatchObject({ rate: 125, volumeInfused: 125 });
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.handleCommand(programCommand({ rate: 125 })).reason).toBe('PUMP_HARD_LIMIT');
  });
});

describe('firmware installation', () => {
  it('never interrupts an infusion', () => {
    const { pump, messages } = pumpWith({ firmware: '2.4.0', library: sampleDrugLibrary });
    pump.handleCommand(programCommand({ rate: 100, autoStart: true }));
    expect(pump.handleCommand(installFirmwareCommand('3.1.0', image('3.1.0'), null)).reason).toBe(
      'PUMP_BUSY',
    );
    pump.handleCommand(simpleCommand('pause'));
    expect(pump.handleCommand(installFirmwareCommand('3.1.0', image('3.1.0'), null)).reason).toBe(
      'PUMP_BUSY',
    );
    expect(pump.identity.firmware).toBe('2.4.0');
    pump.handleCommand(simpleCommand('stop'));
    expect(pump.handleCommand(installFirmwareCommand('3.1.0', image('3.1.0'), null)).outcome).toBe(
      'accepted',
    );
    expect(pump.status().firmware).toBe('3.1.0');
    expect(eventTypes(messages)).toContain('firmware-rejected');
    expect(eventTypes(messages).at(-1)).toBe('firmware-installed');
  });

  it('upgrades legacy firmware without a signature (CVE-2019-10959 pattern) and then seals its store', () => {
    const { pump } = pumpWith({ firmware: '2.4.0' });
    expect(pump.store.encrypted).toBe(false);
    expect(pump.handleCommand(installFirmwareCommand('4.2.1', image('4.2.1'), null)).outcome).toBe(
      'accepted',
    );
    expect(pump.store.encrypted).toBe(true);
  });

  it('requires a valid signature on patched firmware, and refuses to roll back', () => {
    const { pump } = pumpWith({ firmware: '4.2.1' });
    const old = image('2.4.0');
    expect(pump.handleCommand(installFirmwareCommand('2.4.0', old, null)).reason).toBe(
      'PUMP_SIGNATURE_REQUIRED',
    );
    expect(pump.handleCommand(installFirmwareCommand('2.4.0', old, fakeSign(image('4.2.1')))).reason).toBe(
      'PUMP_SIGNATURE_INVALID',
    );
    expect(pump.handleCommand(installFirmwareCommand('2.4.0', old, fakeSign(old))).reason).toBe(
      'PUMP_FIRMWARE_DOWNGRADE',
    );
    const same = image('4.2.1');
    expect(pump.handleCommand(installFirmwareCommand('4.2.1', same, fakeSign(same))).outcome).toBe(
      'accepted',
    );
  });

  it('refuses images that are not for this pump, this version, or any known version', () => {
    const { pump } = pumpWith({ firmware: '2.4.0' });
    const cases: [string, Buffer, string][] = [
      ['3.1.0', Buffer.from('MZ\x90\x00 not a PLFW image'), 'PUMP_FIRMWARE_INVALID'],
      ['3.1.0', image('4.2.1'), 'PUMP_FIRMWARE_INVALID'],
      ['3.1.0', image('3.1.0', 'OTHER-9'), 'PUMP_FIRMWARE_INVALID'],
      ['3.1.0', Buffer.concat([image('3.1.0'), Buffer.from('appended payload')]), 'PUMP_FIRMWARE_INVALID'],
      ['9.9.9', image('9.9.9'), 'PUMP_FIRMWARE_UNKNOWN'],
    ];
    for (const [version, bytes, reason] of cases) {
      expect(pump.handleCommand(installFirmwareCommand(version, bytes, null)).reason).toBe(reason);
    }
  });

  it('reads the images the pump server builds (PLFW/1, one format on both sides)', () => {
    const { pump } = pumpWith({ firmware: '2.4.0' });
    const fromServer = buildFirmwareImage({ model: 'PL-3000', version: '3.1.0', body: Buffer.from('code') });
    expect(pump.handleCommand(installFirmwareCommand('3.1.0', fromServer, null)).outcome).toBe('accepted');
  });
});

describe('the media port', () => {
  const bytes = sampleDrugLibraryBytes();

  it('follows the network rules: refused unsigned on patched firmware, accepted on legacy', () => {
    const patched = pumpWith({ firmware: '4.2.1' });
    expect(patched.pump.mediaPort.loadLibrary(bytes)).toMatchObject({
      outcome: 'rejected',
      reason: 'PUMP_SIGNATURE_REQUIRED',
    });
    expect(patched.pump.mediaPort.loadLibrary(bytes, fakeSign(bytes))).toEqual({
      outcome: 'accepted',
      kind: 'library',
      version: '1.0.0',
    });
    const legacy = pumpWith({ firmware: '2.4.0' });
    expect(legacy.pump.mediaPort.loadLibrary(bytes).outcome).toBe('accepted');
    expect(legacy.pump.mediaPort.loadFirmware(image('3.1.0'))).toEqual({
      outcome: 'accepted',
      kind: 'firmware',
      version: '3.1.0',
    });
    const detail = legacy.messages.flatMap((m) =>
      m.channel === 'events' ? [m.payload.detail?.['source']] : [],
    );
    expect(detail).toEqual(['media', 'media']);
  });
});
