import { systemClock, type Clock } from '../../core/clock.ts';
import { plainIpv4 } from '../topology/ipv4-range.ts';

/** The zone an unadmitted device is held in. No policy rule names it, so it reaches nothing. */
export const quarantineZone = 'quarantine';

/** One admitted device: which identity holds which source address, since when. */
export interface AdmissionEntry {
  address: string;
  /** The device serial from its certificate (`PL00001`). */
  identity: string;
  /** Lab time of admission, ms since the epoch. */
  since: number;
  /** The certificate it was admitted with, so it can be checked again after a new CRL. */
  certificate?: AdmittedCertificate;
}

/** The facts of a device certificate that revalidation needs (all public). */
export interface AdmittedCertificate {
  pem: string;
  /** Lowercase hex without leading zero octets, as CRL entries list it (crl-reader.ts). */
  serial: string;
  /** notAfter, ms since the epoch. */
  notAfter: number;
}

/**
 * Which source addresses hold an admitted device. Admission is per source address, as 802.1X
 * authorizes a port: one identity per address and one address per identity, so a device admitted
 * again from a new address moves there.
 *
 * @example const table = new AdmissionTable('pump-network'); table.admit('127.10.0.57', 'PL00001');
 */
export class AdmissionTable {
  private readonly byAddress = new Map<string, AdmissionEntry>();
  private readonly byIdentity = new Map<string, AdmissionEntry>();

  constructor(
    /** The zone admission guards; other zones pass through `classify` unchanged. */
    readonly pumpZone: string,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Admits `identity` at `address`. Returns the entries it displaced: the same identity at its old
   * address (it moved), or another identity that held this address.
   */
  admit(address: string, identity: string, certificate?: AdmittedCertificate): AdmissionEntry[] {
    const key = addressKey(address);
    const displaced = [this.byIdentity.get(identity), this.byAddress.get(key)].flatMap((entry) =>
      entry && !(entry.address === key && entry.identity === identity) ? [entry] : [],
    );
    for (const entry of displaced) this.remove(entry);
    const entry: AdmissionEntry = {
      address: key,
      identity,
      since: this.clock.now(),
      ...(certificate === undefined ? {} : { certificate }),
    };
    this.byAddress.set(key, entry);
    this.byIdentity.set(identity, entry);
    return displaced;
  }

  /** Withdraws admission by address or by identity; returns what was removed, if anything. */
  evict(addressOrIdentity: string): AdmissionEntry | undefined {
    const entry = this.byAddress.get(addressKey(addressOrIdentity)) ?? this.byIdentity.get(addressOrIdentity);
    if (entry) this.remove(entry);
    return entry;
  }

  isAdmitted(address: string | undefined): boolean {
    return address !== undefined && this.byAddress.has(addressKey(address));
  }

  /** The admission held at `address`, if any. */
  entry(address: string): AdmissionEntry | undefined {
    return this.byAddress.get(addressKey(address));
  }

  /**
   * The zone a flow from `address` is decided in: `quarantine` for an unadmitted source in the
   * pump zone, else `zone` unchanged. Pass it as `Flow.fromZone` to the zone policy.
   *
   * @example policy.decide({ fromAddress, fromZone: table.classify(fromAddress, topology.zoneOf(fromAddress)), toZone, service })
   */
  classify(address: string | undefined, zone: string): string {
    return zone === this.pumpZone && !this.isAdmitted(address) ? quarantineZone : zone;
  }

  /** Every admission, in the order they were made. */
  list(): AdmissionEntry[] {
    return [...this.byAddress.values()];
  }

  private remove(entry: AdmissionEntry): void {
    this.byAddress.delete(entry.address);
    this.byIdentity.delete(entry.identity);
  }
}

/** Node reports IPv4 peers on a dual-stack socket as `::ffff:a.b.c.d`; the table keys plain IPv4. */
const addressKey = (address: string): string => plainIpv4(address) ?? address;
