/**
 * What an attacker obtained during a run. The engine counts disclosed patient records by finding
 * the EHR's patient identifiers in `data`; nothing here is ever logged.
 */
export interface Loot {
  /** Services found answering: `host:port` → service name. */
  found: Map<string, string>;
  /** Raw data read: telemetry payloads, console output, files off a device. */
  data: string[];
  /** Logins that worked, by console `host:port` (kept for later steps). */
  logins: Map<string, { user: string; password: string }>;
  /** Secrets taken: Wi-Fi keys, device keys (counted, never shown). */
  secrets: { kind: 'wifi-psk' | 'device-key' | 'maintenance-login'; from: string }[];
  /** Device credentials the attacker can present (a stolen pump's). */
  credentials: { serial: string; certificatePem: string; keyPem: string }[];
}

export const emptyLoot = (): Loot => ({
  found: new Map(),
  data: [],
  logins: new Map(),
  secrets: [],
  credentials: [],
});
