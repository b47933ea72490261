import { z } from 'zod';
import { isPumplabError } from '../../core/errors.ts';
import type { PumpView } from '../engine/lab-under-test.ts';
import type { Action, ClientEvidence } from './action.ts';
import { evidence, evidenceCodes, report } from './evidence.ts';
import { readFlash, type FlashReading } from './flash-reader.ts';
import { rememberFlash } from './stolen-devices.ts';
import { compareVersions } from '../../simulators/pump/firmware-catalog.ts';
import { bySerial, isIdle } from './targets.ts';

const params = z.strictObject({
  /** `legacy`: a pump on the 2.4.0 firmware (clear-text store); `any`: whichever is at hand. */
  /** `oldest`: the pump with the oldest firmware on the ward (the one a hospital shelves first). */
  target: z.enum(['legacy', 'oldest', 'any']),
});

/** The legacy firmware (firmware-catalog.ts). */
const legacyFirmware = '2.4.0';

/**
 * A pump walks out of the building (or leaves as surplus without being wiped, CVE-2022-26390): the
 * thief keeps its device certificate and key (loot.credentials) and reads its flash. A clear store
 * gives patient history (loot.data) and the Wi-Fi key (loot.secrets); a sealed one gives nothing
 * (STORE_SEALED). The hospital reports the loss and revokes the certificate (the lab does that).
 * Done when the device is taken; a free pump is preferred to one at a bedside.
 */
export const stealDevice: Action<typeof params> = {
  name: 'steal-device',
  summary: 'Takes a pump away, keeps its device credential and reads its flash.',
  params,
  async run(context, { target }) {
    const pump = choose(context.lab.observe.pumps(), target);
    if (!pump) {
      return report('blocked', `No ${target} pump to take.`, [
        evidence('physical', evidenceCodes.noTarget, `no ${target} pump`),
      ]);
    }
    let taken;
    try {
      taken = await context.lab.physical.takeDevice(pump.serial);
    } catch (error) {
      const code = isPumplabError(error) ? error.code : 'TAKE_FAILED';
      return report('blocked', 'The pump could not be taken.', [
        evidence('physical', code, 'take refused', pump.serial),
      ]);
    }
    const { loot } = context;
    if (taken.credential) {
      loot.credentials.push({ serial: taken.serial, ...taken.credential });
      loot.secrets.push({ kind: 'device-key', from: taken.serial });
    }
    const reading = readFlash(taken);
    loot.data.push(...reading.data);
    if (reading.wifiKey) loot.secrets.push({ kind: 'wifi-psk', from: taken.serial });
    rememberFlash(loot, reading);
    const items: ClientEvidence[] = [
      taken.credential
        ? evidence('physical', evidenceCodes.deviceTaken, 'device certificate and key kept', taken.serial)
        : evidence('physical', evidenceCodes.deviceTaken, 'device key sealed with the store', taken.serial),
      flashEvidence(reading),
    ];
    return report(
      'done',
      `Pump ${taken.serial} (firmware ${pump.firmware}) was taken; ${describe(reading)}.`,
      items,
    );
  },
};

/** A free pump of the wanted kind, else one at a bedside; lowest serial first. */
function choose(pumps: readonly PumpView[], target: 'legacy' | 'oldest' | 'any'): PumpView | undefined {
  const ward = bySerial(pumps);
  const oldest = ward.map((pump) => pump.firmware).sort(compareVersions)[0];
  const wanted = ward.filter(
    (pump) =>
      target === 'any' ||
      (target === 'legacy' && pump.firmware === legacyFirmware) ||
      (target === 'oldest' && pump.firmware === oldest),
  );
  return wanted.find(isIdle) ?? wanted[0];
}

/** STORE_READABLE, STORE_SEALED or STORE_EMPTY, with counts (never the data). */
export function flashEvidence(reading: FlashReading): ClientEvidence {
  const code =
    reading.readable > 0
      ? evidenceCodes.storeReadable
      : reading.sealed > 0
        ? evidenceCodes.storeSealed
        : evidenceCodes.storeEmpty;
  return evidence('flash', code, describe(reading), reading.serial);
}

const describe = (reading: FlashReading): string =>
  reading.readable > 0
    ? `its flash read in clear: ${reading.entries} history entries${reading.wifiKey ? ' and the Wi-Fi key' : ''}`
    : reading.sealed > 0
      ? 'its flash is sealed'
      : 'its flash was empty';
