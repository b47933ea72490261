import fs from 'node:fs';
import crypto, { type KeyObject } from 'node:crypto';
import { PumplabError } from '../../core/errors.ts';
import { CertificateIndex, type IndexRow } from './certificate-index.ts';
import { storeLayout, type StoreLayout } from './store-layout.ts';
import { ensureDirectory, writeFileAtomic } from './secure-files.ts';

/**
 * The PKI's files and index under the state directory: PEM certificates, private keys (mode 0600,
 * in a 0700 folder), one CRL per CA, and the SQLite index. It stores; the authority decides.
 */
export class PkiStore {
  private constructor(
    readonly layout: StoreLayout,
    readonly index: CertificateIndex,
  ) {}

  /** Creates an empty store; refuses a directory that already holds one. */
  static create(stateDir: string): PkiStore {
    const layout = storeLayout(stateDir);
    if (fs.existsSync(layout.index)) {
      throw new PumplabError('PKI_STORE_ALREADY_INITIALISED', `A PKI already exists in ${layout.root}.`, {
        dir: layout.root,
      });
    }
    ensureDirectory(layout.certs);
    ensureDirectory(layout.crls);
    ensureDirectory(layout.keys, 0o700);
    fs.chmodSync(layout.keys, 0o700);
    return new PkiStore(layout, CertificateIndex.open(layout.index, { create: true }));
  }

  /** Opens an existing store; a missing one is PKI_STORE_NOT_INITIALISED. */
  static open(stateDir: string): PkiStore {
    const layout = storeLayout(stateDir);
    if (!fs.existsSync(layout.index)) {
      throw new PumplabError('PKI_STORE_NOT_INITIALISED', `No PKI in ${layout.root}.`, { dir: layout.root });
    }
    return new PkiStore(layout, CertificateIndex.open(layout.index, { create: false }));
  }

  /**
   * Writes the certificate and key files, then records the row: files first, so an indexed row
   * always has them. Serials are fresh random numbers, so exclusive create (`wx`) suffices: no
   * reader looks for a file before its row exists.
   */
  save(row: IndexRow, certificatePem: string, privateKeyPem: string): void {
    fs.writeFileSync(this.layout.certificate(row.serial), certificatePem, { flag: 'wx', mode: 0o644 });
    fs.writeFileSync(this.layout.privateKey(row.serial), privateKeyPem, { flag: 'wx', mode: 0o600 });
    this.index.insert(row);
  }

  certificatePem(serial: string): string {
    const file = this.layout.certificate(serial);
    const pem = this.readOrCorrupt(file);
    try {
      new crypto.X509Certificate(pem);
    } catch (error) {
      throw new PumplabError(
        'PKI_STORE_CORRUPT',
        `${file} is not a certificate.`,
        { file },
        { cause: error },
      );
    }
    return pem;
  }

  privateKeyPem(serial: string): string {
    const file = this.layout.privateKey(serial);
    const pem = this.readOrCorrupt(file);
    if ((fs.statSync(file).mode & 0o077) !== 0) {
      throw new PumplabError('PKI_STORE_PERMISSIONS', `${file} is readable by others.`, { file });
    }
    return pem;
  }

  privateKey(serial: string): KeyObject {
    const file = this.layout.privateKey(serial);
    try {
      return crypto.createPrivateKey(this.privateKeyPem(serial));
    } catch (error) {
      if (error instanceof PumplabError) throw error;
      throw new PumplabError(
        'PKI_STORE_CORRUPT',
        `${file} is not a private key.`,
        { file },
        { cause: error },
      );
    }
  }

  writeCrl(caName: string, pem: string): void {
    writeFileAtomic(this.layout.crl(caName), pem);
  }

  /** The CA's current CRL, or undefined before the first is published. */
  crlPem(caName: string): string | undefined {
    const file = this.layout.crl(caName);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  }

  close(): void {
    this.index.close();
  }

  private readOrCorrupt(file: string): string {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new PumplabError(
        'PKI_STORE_CORRUPT',
        `${file} is missing or unreadable.`,
        { file },
        { cause: error },
      );
    }
  }
}
