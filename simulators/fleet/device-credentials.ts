import { PkiStore } from '../../pki/store/pki-store.ts';
import { readCrlPems } from '../../pki/tls/tls-material.ts';
import { PumplabError } from '../../core/errors.ts';

/** What one pump presents to its broker: its key and chain, and what it trusts. */
export interface DeviceCredentials {
  key: string;
  cert: string;
  ca: string;
  crl: string[];
}

/**
 * Reads the device credentials of many pumps with one open store: a ward of thousands would
 * otherwise open the index thousands of times. Never loads a CA key.
 *
 * @throws PumplabError PKI_UNKNOWN_NAME for a pump without an identity (run `pumplab up --pumps N`)
 */
export function loadDeviceCredentials(
  stateDir: string,
  names: readonly string[],
): Map<string, DeviceCredentials> {
  const store = PkiStore.open(stateDir);
  try {
    const pemOf = (name: string): { serial: string; pem: string } => {
      const row = store.index.validByName(name);
      if (!row)
        throw new PumplabError('PKI_UNKNOWN_NAME', `No valid certificate is named ${name}.`, { name });
      return { serial: row.serial, pem: store.certificatePem(row.serial) };
    };
    const ca = pemOf('root-ca').pem;
    const deviceCa = pemOf('device-ca').pem;
    const crl = readCrlPems(stateDir);
    const credentials = new Map<string, DeviceCredentials>();
    for (const name of names) {
      const leaf = pemOf(name);
      credentials.set(name, { key: store.privateKeyPem(leaf.serial), cert: leaf.pem + deviceCa, ca, crl });
    }
    return credentials;
  } finally {
    store.close();
  }
}
