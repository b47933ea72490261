import path from 'node:path';

/** Where a PKI keeps each thing under the lab's state directory (default `.pumplab/`). */
export interface StoreLayout {
  root: string;
  index: string;
  certs: string;
  keys: string;
  crls: string;
  certificate(serialHex: string): string;
  privateKey(serialHex: string): string;
  crl(caName: string): string;
}

/** The layout of the PKI inside state directory `stateDir`. */
export function storeLayout(stateDir: string): StoreLayout {
  const root = path.resolve(stateDir, 'pki');
  return {
    root,
    index: path.join(root, 'index.db'),
    certs: path.join(root, 'certs'),
    keys: path.join(root, 'private'),
    crls: path.join(root, 'crl'),
    certificate: (serialHex) => path.join(root, 'certs', `${serialHex}.pem`),
    privateKey: (serialHex) => path.join(root, 'private', `${serialHex}.key.pem`),
    crl: (caName) => path.join(root, 'crl', `${caName}.crl.pem`),
  };
}
