import { afterEach, describe, expect, it } from 'vitest';
import type { AttackContext } from '../../../scenarios/actions/action.ts';
import { mediaLoad } from '../../../scenarios/actions/media-load.ts';
import { readFlashAction } from '../../../scenarios/actions/read-flash.ts';
import { stealDevice } from '../../../scenarios/actions/steal-device.ts';
import { wardAlarm } from '../../../scenarios/actions/ward-alarm.ts';
import type { PumpView, TakenDevice } from '../../../scenarios/engine/lab-under-test.ts';
import { pumpModel } from '../../../simulators/fleet/fleet-plan.ts';
import type { Pump } from '../../../simulators/pump/pump.ts';
import { makePump, programCommand } from '../../simulators/pump/pump-fixtures.ts';
import { fakeContext } from './fake-lab.ts';

const patientId = 'MRN-0042-SMITH';
const psk = 'ward-7-wpa2-psk-0001';
let pumps: Pump[] = [];
afterEach(() => Promise.all(pumps.splice(0).map((pump) => pump.close())));

/** Real pumps on a ward, one per firmware given, each having infused a patient (so its store has history). */
function ward(firmware: string[], options: { encryptStore?: boolean } = {}): Pump[] {
  pumps = firmware.map((version, index) => {
    const { pump } = makePump({
      serial: `PL0000${index + 1}`,
      model: pumpModel,
      firmware: version,
      wifi: { ssid: 'pumplab-clinical', psk },
      ...options,
    });
    pump.handleCommand(programCommand({ patientId, drugId: 'normal-saline', rate: 50, autoStart: true }));
    return pump;
  });
  return pumps;
}

const view = (pump: Pump): PumpView => {
  const status = pump.status();
  return {
    serial: status.serial,
    address: '127.10.0.10',
    careArea: status.careArea,
    firmware: status.firmware,
    libraryVersion: status.libraryVersion,
    state: status.state,
    rate: status.infusion?.rate ?? null,
    volumeInfused: status.infusion?.volumeInfused ?? 0,
    infusionId: status.infusion?.infusionId ?? null,
    alarms: status.alarms,
    alarmsRaised: [],
    installs: [],
    connected: true,
  };
};

/** Hands on these pumps: the media port, the flash chip, the bedside. */
function handsOn(on: Pump[]): AttackContext {
  const find = (serial: string): Pump => on.find((pump) => pump.identity.serial === serial)!;
  return fakeContext({
    observe: { pumps: () => on.map(view) },
    physical: {
      loadMedia: (serial, file) => {
        const port = find(serial).mediaPort;
        const result =
          file.kind === 'library'
            ? port.loadLibrary(file.content, file.signature)
            : port.loadFirmware(file.content, file.signature);
        return Promise.resolve(
          result.outcome === 'accepted'
            ? { outcome: 'accepted', version: result.version }
            : { outcome: 'rejected', code: result.reason, message: result.message },
        );
      },
      takeDevice: (serial): Promise<TakenDevice> =>
        Promise.resolve({
          serial,
          flash: [{ name: `${serial}.flash`, bytes: find(serial).store.readRaw() }],
          credential: { certificatePem: 'CERT', keyPem: 'KEY' },
        }),
      raiseAlarm: (serial, code) => Promise.resolve(find(serial).raiseAlarm(code as 'occlusion')),
    },
  });
}

describe('the media-load action', () => {
  it('gets an unsigned tampered library into 2.4.0, and is refused by 3.1.0 that requires signatures', async () => {
    const context = handsOn(ward(['2.4.0', '3.1.0']));
    const report = await mediaLoad.run(context, { kind: 'library', tamper: 'unsigned', targets: 'all' });
    expect(report.status).toBe('done');
    expect(report.evidence.map((item) => [item.target, item.code])).toEqual([
      ['PL00001', 'ACCEPTED'],
      ['PL00002', 'PUMP_SIGNATURE_REQUIRED'],
    ]);
  });

  it('is blocked when the only pump checks signatures and the attacker signed with its own key', async () => {
    const context = handsOn(ward(['3.1.0']));
    const report = await mediaLoad.run(context, {
      kind: 'library',
      tamper: 'attacker-signed',
      targets: 'one',
    });
    expect(report).toMatchObject({ status: 'blocked', evidence: [{ code: 'PUMP_SIGNATURE_INVALID' }] });
  });

  it('downgrades an idle 3.1.0 pump to the vulnerable 2.4.0 with an unsigned image', async () => {
    const [pump] = ward(['3.1.0']);
    pump!.handleCommand({ kind: 'stop', commandId: 'stop-1', issuedAt: new Date().toISOString() });
    const report = await mediaLoad.run(handsOn(pumps), {
      kind: 'firmware',
      tamper: 'unsigned',
      targets: 'one',
    });
    expect(report.status).toBe('done');
    expect(pump!.status().firmware).toBe('2.4.0');
  });
});

describe('the steal-device and read-flash actions', () => {
  it('take a legacy pump and read patient history and the Wi-Fi key off its clear store', async () => {
    const context = handsOn(ward(['4.2.1', '2.4.0']));
    const stolen = await stealDevice.run(context, { target: 'legacy' });
    expect(stolen.status).toBe('done');
    expect(stolen.evidence.map((item) => [item.target, item.code])).toEqual([
      ['PL00002', 'DEVICE_TAKEN'],
      ['PL00002', 'STORE_READABLE'],
    ]);
    expect(context.loot.credentials).toEqual([{ serial: 'PL00002', certificatePem: 'CERT', keyPem: 'KEY' }]);
    expect(context.loot.data.join('\n')).toContain(patientId);
    expect(context.loot.secrets.map((secret) => secret.kind).sort()).toEqual(['device-key', 'wifi-psk']);
    expect(JSON.stringify(stolen)).not.toContain(patientId);
    expect((await readFlashAction.run(context, {})).status).toBe('done');
  });

  it('take a pump whose store is sealed: the theft is done, the flash reading blocked with STORE_SEALED', async () => {
    const context = handsOn(ward(['2.4.0'], { encryptStore: true }));
    const stolen = await stealDevice.run(context, { target: 'any' });
    expect(stolen.status).toBe('done');
    expect(context.loot.data.join('\n')).not.toContain(patientId);
    expect(context.loot.secrets.map((secret) => secret.kind)).toEqual(['device-key']);
    const read = await readFlashAction.run(context, {});
    expect(read).toMatchObject({ status: 'blocked', evidence: [{ channel: 'flash', code: 'STORE_SEALED' }] });
  });

  it('read-flash is blocked when nothing was stolen', async () => {
    const read = await readFlashAction.run(handsOn(ward(['2.4.0'])), {});
    expect(read).toMatchObject({ status: 'blocked', evidence: [{ code: 'NO_TARGET' }] });
  });
});

describe('the ward-alarm action', () => {
  it('raises the alarm at every infusing pump and is always done', async () => {
    const on = ward(['2.4.0', '4.2.1']);
    const report = await wardAlarm.run(handsOn(on), { code: 'occlusion', targets: 'infusing', afterMs: 0 });
    expect(report.status).toBe('done');
    expect(on.map((pump) => pump.status().alarms)).toEqual([['occlusion'], ['occlusion']]);
  });
});
