// Run as a separate process: opens the store in argv[2] and issues argv[3] device identities named
// with prefix argv[4]. Stands for a second process (CLI, fleet) writing to the same store.
import { CertificateAuthority } from '../../pki/authority.ts';

const [dir = '', count = '0', prefix = 'p'] = process.argv.slice(2);
const authority = CertificateAuthority.open(dir);
for (let i = 0; i < Number(count); i += 1) {
  authority.issue({ name: `${prefix}-${i}`, role: 'device', deviceSerial: `${prefix}${i}` });
}
authority.close();
