import { decodeStore, isSealed } from '../../simulators/pump/store-codec.ts';
import type { TakenDevice } from '../engine/lab-under-test.ts';

/** What the flash of a stolen pump gave up. Counts only: the data itself goes to loot. */
export interface FlashReading {
  serial: string;
  /** Files sealed with the device secret, which stayed in the pump's secure element. */
  sealed: number;
  /** Files that opened: clear stores and plain text. */
  readable: number;
  /** History entries, each naming a patient (CVE-2022-26390). */
  entries: number;
  /** Whether a Wi-Fi key was in clear (CVE-2015-1012). */
  wifiKey: boolean;
  /** Text read off the flash, for loot.data. */
  data: string[];
}

/**
 * Reads a stolen pump's flash as the pump itself would, but without its device secret: a clear
 * store opens with the pump's own codec, a sealed one (AES-256-GCM, store-codec.ts) does not, and
 * any other file that is plain UTF-8 text is read as it is.
 */
export function readFlash(device: TakenDevice): FlashReading {
  const reading: FlashReading = {
    serial: device.serial,
    sealed: 0,
    readable: 0,
    entries: 0,
    wifiKey: false,
    data: [],
  };
  for (const file of device.flash) {
    if (file.bytes.length === 0) continue;
    if (isSealed(file.bytes)) {
      reading.sealed += 1;
      continue;
    }
    try {
      const store = decodeStore(file.bytes, noSecret, device.serial);
      reading.readable += 1;
      reading.entries += store.history.length;
      reading.data.push(...store.history.map((entry) => JSON.stringify(entry)));
      if (store.wifi.psk !== '') reading.wifiKey = true;
      reading.data.push(`serial=${store.serial}\nwifi.ssid=${store.wifi.ssid}`);
    } catch {
      const text = plainText(file.bytes);
      if (text !== undefined) {
        reading.readable += 1;
        reading.data.push(text);
      }
    }
  }
  return reading;
}

/** The thief has the flash chip, not the secure element. */
function noSecret(): Buffer {
  throw new Error('the device secret stayed in the secure element');
}

/** The bytes as text when they are valid UTF-8 without control characters other than whitespace. */
function plainText(bytes: Buffer): string | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // eslint-disable-next-line no-control-regex
  return text.includes('\uFFFD') || /[\u0000-\u0008\u000E-\u001F]/.test(text) ? undefined : text;
}
