import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../../simulators/pump/local-store.ts';
import type { Pump } from '../../../simulators/pump/pump.ts';
import type { HistoryEntry } from '../../../simulators/pump/store-codec.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { codeOf, makePump, programCommand, simpleCommand } from './pump-fixtures.ts';

const root = tempDir('pumplab-pump-store-');
const patientId = 'MRN-0042-SMITH';
const wifi = { ssid: 'pumplab-clinical', psk: 'correct-horse-battery-staple' };
const entry: HistoryEntry = {
  infusionId: 'inf-1',
  patientId,
  drugId: 'heparin',
  drugName: 'Heparin',
  rateMlPerHour: 10,
  vtbi: 250,
  volumeInfused: 12.5,
  kvoVolume: 0,
  startedAt: '2025-01-06T08:00:00.000Z',
};

let folders = 0;
const freshDir = (): string => path.join(root, `store-${++folders}`);

const pumps: Pump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((pump) => pump.close()));
});

describe('the pump local store', () => {
  it('keeps patient ids and the Wi-Fi key readable on flash when plain (CVE-2015-1012, CVE-2022-26390)', () => {
    const store = new LocalStore({ serial: 'P-1', dir: freshDir(), encrypt: false, wifi });
    store.recordInfusion(entry);
    const raw = store.readRaw().toString('latin1');
    expect(raw).toContain(patientId);
    expect(raw).toContain(wifi.psk);
  });

  it('shows a thief no patient id and no key when sealed, yet reads back after a restart', () => {
    const dir = freshDir();
    const store = new LocalStore({ serial: 'P-2', dir, encrypt: true, wifi });
    store.recordInfusion(entry);
    const raw = store.readRaw();
    expect(raw.subarray(0, 4).toString('ascii')).toBe('PLS1');
    expect(raw.toString('latin1')).not.toContain(patientId);
    expect(raw.toString('latin1')).not.toContain(wifi.psk);
    expect(raw.includes(Buffer.from(patientId, 'utf16le'))).toBe(false);
    const reopened = new LocalStore({ serial: 'P-2', dir, encrypt: true, wifi: { ssid: 'x', psk: 'y' } });
    expect(reopened.history()).toEqual([entry]);
    expect(reopened.wifi()).toEqual(wifi);
    expect(fs.statSync(path.join(dir, 'P-2.secure-element')).mode & 0o777).toBe(0o600);
  });

  it('does not open with another device secret or in another pump', () => {
    const dir = freshDir();
    const secret = crypto.randomBytes(32);
    new LocalStore({ serial: 'P-3', dir, encrypt: true, wifi, deviceSecret: secret }).recordInfusion(entry);
    const other = crypto.randomBytes(32);
    expect(
      codeOf(() => new LocalStore({ serial: 'P-3', dir, encrypt: true, wifi, deviceSecret: other })),
    ).toBe('PUMP_STORE_CORRUPT');
    fs.copyFileSync(path.join(dir, 'P-3.flash'), path.join(dir, 'P-4.flash'));
    expect(
      codeOf(() => new LocalStore({ serial: 'P-4', dir, encrypt: true, wifi, deviceSecret: secret })),
    ).toBe('PUMP_STORE_CORRUPT');
  });

  it('reseals a plain store when encryption is turned on, and erases everything on disposal', () => {
    const dir = freshDir();
    const store = new LocalStore({ serial: 'P-5', dir, encrypt: false, wifi });
    store.recordInfusion(entry);
    store.setEncryption(true);
    expect(store.readRaw().toString('latin1')).not.toContain(patientId);
    store.erase();
    expect(store.readRaw().length).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(store.history()).toEqual([]);
  });

  it('works in memory, where readRaw is the simulated flash', () => {
    const store = new LocalStore({ serial: 'P-6', encrypt: false, wifi, historyLimit: 2 });
    for (const id of ['a', 'b', 'c']) store.recordInfusion({ ...entry, infusionId: id });
    expect(store.history().map((item) => item.infusionId)).toEqual(['b', 'c']);
    expect(store.readRaw().toString('utf8')).toContain(patientId);
  });

  it('stores what the pump infused, plain on legacy firmware and sealed on patched or when configured', () => {
    const run = (firmware: string, encryptStore?: boolean): string => {
      const { pump, clock } = makePump({ firmware, encryptStore, storeDir: freshDir() });
      pumps.push(pump);
      pump.handleCommand(programCommand({ rate: 100, vtbi: 50, patientId, autoStart: true }));
      clock.advance(3_600_000);
      pump.handleCommand(simpleCommand('stop'));
      expect(pump.store.history()).toMatchObject([{ patientId, volumeInfused: 50, kvoVolume: 0.5 }]);
      return pump.store.readRaw().toString('latin1');
    };
    expect(run('2.4.0')).toContain(patientId);
    expect(run('4.2.1')).not.toContain(patientId);
    expect(run('2.4.0', true)).not.toContain(patientId);
  });
});
