import type { ImpactFinding } from '../outcome.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

/**
 * secrets-disclosed: the distinct secrets the attacker can reuse, from its loot — Wi-Fi keys,
 * maintenance logins, device keys and the device credentials it holds (a stolen pump's
 * certificate and key, counted once with any device-key secret from the same pump).
 *
 * @example secretsDisclosed(record).clinical // "3 secrets the attacker can reuse: 2 Wi-Fi keys, 1 device credential."
 */
export function secretsDisclosed(record: RunRecord): ImpactFinding {
  const { secrets, credentials } = record.loot;
  const distinct = (kind: string): Set<string> =>
    new Set(secrets.filter((secret) => secret.kind === kind).map((secret) => secret.from));
  const wifi = distinct('wifi-psk');
  const logins = distinct('maintenance-login');
  const devices = new Set([...distinct('device-key'), ...credentials.map((credential) => credential.serial)]);
  const total = wifi.size + logins.size + devices.size;
  const parts = [
    wifi.size > 0 ? count(wifi.size, 'Wi-Fi key') : undefined,
    logins.size > 0 ? count(logins.size, 'maintenance login') : undefined,
    devices.size > 0 ? count(devices.size, 'device credential') : undefined,
  ].filter((part) => part !== undefined);
  return {
    kind: 'secrets-disclosed',
    observed: total > 0,
    clinical:
      total > 0
        ? `${count(total, 'secret')} the attacker can reuse: ${parts.join(', ')}.`
        : 'The attacker obtained no key, login or device credential.',
    figures: { secrets: total, wifiKeys: wifi.size, logins: logins.size, deviceCredentials: devices.size },
  };
}
