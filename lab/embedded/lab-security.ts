import { seededRandom } from '../../core/random.ts';
import { defaultConnectionRate } from '../../gateway/enforcement/connection-rate.ts';
import type { EhrOptions } from '../../simulators/ehr/ehr-options.ts';
import type { FleetOptions } from '../../simulators/fleet/fleet.ts';
import type { PumpServerOptions } from '../../simulators/pump-server/pump-server-options.ts';
import type { LabNetworkOptions } from '../network/start-lab-network.ts';
import type { LabSecurity } from './lab-options.ts';

/** A maintenance console login. */
export interface MaintenanceLogin {
  user: string;
  password: string;
}

/** Keeps only the fields that are set, so an absent control leaves the component's own default. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The pump server's controls: mutual TLS on the broker and its HL7 listener (off: one-way TLS, and
 * pumps claim their identity by client id), topic authorization, revocation checks. The REST API
 * requires client certificates only when `mutualTls` is given as true; absent, it stays one-way HTTPS.
 */
export function serverSecurity(
  security: LabSecurity = {},
): Pick<PumpServerOptions, 'mutualTls' | 'brokerAuthorization' | 'checkRevocation' | 'restMutualTls'> {
  return defined({
    mutualTls: security.mutualTls,
    brokerAuthorization: security.brokerAuthorization,
    checkRevocation: security.checkRevocation,
    restMutualTls: security.mutualTls,
  });
}

/**
 * The broker's connection cap in the embedded lab, always (not a control): a small hospital's pump
 * server appliance sized to its ward, four connections a pump (its session, a reconnect that
 * overlaps the old one, room to spare) plus 32 for services, at least 64. The simulator's default
 * (20,000) is a data centre's: no flood one lab machine can open would reach it, so the lab would
 * hide the outcome NCCoE and the advisories report (ADVISORIES.md pattern 7, SP 1800-8 Vol B 4.5:
 * a broker that runs out of connections leaves the pumps that lose theirs off the network, and
 * their alarms never reach the nurse). A lab-sized server, so a lab-sized flood can exhaust it.
 *
 * @example serverLimits(6) // { limits: { maxConnections: 64 } }; serverLimits(100) // 432
 */
export function serverLimits(pumps: number): Pick<PumpServerOptions, 'limits'> {
  return { limits: { maxConnections: Math.max(64, pumps * 4 + 32) } };
}

/** The EHR's controls: client certificates on its HL7 listener and REST API, revocation checks. */
export function ehrSecurity(security: LabSecurity = {}): Pick<EhrOptions, 'mutualTls' | 'checkRevocation'> {
  return defined({ mutualTls: security.mutualTls, checkRevocation: security.checkRevocation });
}

/**
 * The pumps' controls (configuration tightens the firmware, never loosens it: security-policy.ts),
 * and with `uniqueMaintenanceCredentials` a login of its own for each console, from the lab's seed.
 */
export function fleetSecurity(
  security: LabSecurity = {},
  seed: string | number,
): Pick<
  FleetOptions,
  'requireSignedLibraries' | 'requireSignedFirmware' | 'encryptStore' | 'maintenanceCredentials'
> {
  return defined({
    requireSignedLibraries: security.requireSignedLibraries,
    requireSignedFirmware: security.requireSignedFirmware,
    encryptStore: security.encryptStore,
    maintenanceCredentials: security.uniqueMaintenanceCredentials ? maintenanceLogins(seed) : undefined,
  });
}

/** The network's controls: the monitor (default on) and the gateway's connection rate limit (default off). */
export function networkSecurity(
  security: LabSecurity = {},
): Pick<LabNetworkOptions, 'monitoring' | 'connectionRate'> {
  return defined({
    monitoring: security.monitoring,
    connectionRate: security.connectionRateLimit ? defaultConnectionRate : undefined,
  });
}

/**
 * Each pump's own console login when the "default credentials removed" control is on (SP 1800-8:
 * remove default credentials), derived from the lab's seed and the serial: a seeded run replays,
 * and the hospital's biomed team (a test) can compute the login of any pump.
 *
 * @example maintenanceLogins('demo')('PL00001') // { user: 'biomed-…', password: '…' } (24 hex digits)
 */
export function maintenanceLogins(seed: string | number): (serial: string) => MaintenanceLogin {
  const root = seededRandom(seed).fork('maintenance-logins');
  return (serial) => {
    const random = root.fork(serial);
    return { user: `biomed-${random.hex8()}`, password: `${random.hex8()}${random.hex8()}${random.hex8()}` };
  };
}
