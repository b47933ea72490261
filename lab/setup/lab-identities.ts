import type { IssueRequest } from '../../pki/issue-request.ts';

/** The DNS zone of the lab's hosts; names under it never leave the lab. */
export const labDomain = 'pumplab.lab';

/** A lab service's TLS names: its short name, its name in the lab zone, and loopback for the embedded lab. */
const serviceNames = (name: string): Pick<IssueRequest, 'dnsNames' | 'ipAddresses'> => ({
  dnsNames: [name, `${name}.${labDomain}`, 'localhost'],
  ipAddresses: ['127.0.0.1'],
});

/**
 * The identities every lab needs besides its pumps (SP 1800-8 Vol B: a certificate from the hospital
 * PKI on every server and workstation). The four services both listen and connect out, so they get
 * the `service` profile (serverAuth and clientAuth); the biomed workstation only connects.
 */
export const standardIdentities: readonly IssueRequest[] = [
  { name: 'pump-server', role: 'service', ...serviceNames('pump-server') },
  { name: 'ehr', role: 'service', ...serviceNames('ehr') },
  { name: 'poc-1', role: 'service', ...serviceNames('poc-1') },
  { name: 'gateway', role: 'service', ...serviceNames('gateway') },
  { name: 'biomed-ws', role: 'client' },
  { name: 'drug-library-signer', role: 'code-signing' },
];

/** The largest fleet `up --pumps` makes: serials have five digits (PL00001 to PL99999). */
export const maxPumps = 99_999;

/** The serial of the n-th pump (1-based): `PL00001`. */
export const pumpSerial = (index: number): string => `PL${String(index).padStart(5, '0')}`;

/** The device identity request of the n-th pump: name `pump-PL00001`, serial `PL00001`. */
export function pumpIdentity(index: number): IssueRequest {
  const serial = pumpSerial(index);
  return { name: `pump-${serial}`, role: 'device', deviceSerial: serial };
}
