import fs from 'node:fs';
import { PumplabError } from '../../core/errors.ts';
import { caNames } from '../../pki/hierarchy.ts';
import { PkiStore } from '../../pki/store/pki-store.ts';
import { storeLayout } from '../../pki/store/store-layout.ts';
import { readCrlPems } from '../../pki/tls/tls-material.ts';
import type { DeviceTrust } from './device-check.ts';

/**
 * What the admission service trusts, with CRLs kept current. The CA certificates do not change
 * while a lab runs; the CRLs do, whenever anyone revokes. `refresh()` looks at the CRL files
 * (inode, size, mtime: the authority replaces a CRL by rename, so each publication is a new inode)
 * and re-reads them only when one changed — cheap enough to do before every check.
 */
export class AdmissionTrust {
  private crlPems: string[];
  private signature: string;
  /** Counts CRL changes seen, so a caller can tell whether its last revalidation is stale. */
  generation = 0;

  private constructor(
    private readonly stateDir: string,
    private readonly cas: Omit<DeviceTrust, 'crlPems'>,
  ) {
    this.signature = this.crlSignature();
    this.crlPems = readCrlPems(stateDir);
  }

  /**
   * Reads the lab root and issuing CA certificates from the PKI in `stateDir` (never a key).
   *
   * @throws PumplabError PKI_STORE_NOT_INITIALISED or PKI_UNKNOWN_NAME when the lab PKI is missing
   */
  static load(stateDir: string): AdmissionTrust {
    const store = PkiStore.open(stateDir);
    try {
      const pemOf = (name: string): string => {
        const row = store.index.validByName(name);
        if (!row)
          throw new PumplabError('PKI_UNKNOWN_NAME', `No valid certificate is named ${name}.`, { name });
        return store.certificatePem(row.serial);
      };
      return new AdmissionTrust(stateDir, {
        rootPem: pemOf('root-ca'),
        deviceCaPem: pemOf('device-ca'),
        issuingCaPems: caNames.filter((name) => name !== 'root-ca').map(pemOf),
      });
    } finally {
      store.close();
    }
  }

  /** The trust to check a device with now. */
  current(): DeviceTrust {
    return { ...this.cas, crlPems: this.crlPems };
  }

  /**
   * Re-reads the CRLs if a file changed; true when it did.
   *
   * @throws PumplabError when the CRLs cannot be read; the previous ones stay in force.
   */
  refresh(): boolean {
    const signature = this.crlSignature();
    if (signature === this.signature) return false;
    this.crlPems = readCrlPems(this.stateDir);
    this.signature = signature;
    this.generation += 1;
    return true;
  }

  private crlSignature(): string {
    const layout = storeLayout(this.stateDir);
    return caNames
      .map((ca) => {
        const stat = fs.statSync(layout.crl(ca), { throwIfNoEntry: false });
        return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : '-';
      })
      .join('|');
  }
}
