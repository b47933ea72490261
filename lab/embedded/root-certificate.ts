import { PkiStore } from '../../pki/store/pki-store.ts';
import { storeLayout } from '../../pki/store/store-layout.ts';
import { PumplabError } from '../../core/errors.ts';

/**
 * The file of the lab root certificate in `stateDir`'s PKI: what a REST or MQTT client outside the
 * lab trusts (`curl --cacert`, `mosquitto_sub --cafile`).
 * @throws PumplabError PKI_STORE_NOT_INITIALISED, PKI_UNKNOWN_NAME
 * @example rootCertificateFile('.pumplab') // /abs/.pumplab/pki/certs/3f….pem
 */
export function rootCertificateFile(stateDir: string): string {
  const store = PkiStore.open(stateDir);
  try {
    const root = store.index.validByName('root-ca');
    if (!root)
      throw new PumplabError('PKI_UNKNOWN_NAME', 'The lab PKI has no valid root-ca.', { name: 'root-ca' });
    return storeLayout(stateDir).certificate(root.serial);
  } finally {
    store.close();
  }
}
