import path from 'node:path';
import type { LabClock } from '../../core/clock.ts';
import { seededRandom } from '../../core/random.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { verifyDetached } from '../../pki/code-signing/verify-detached.ts';
import { loadTlsTrust, readCrlPems } from '../../pki/tls/tls-material.ts';
import { Pump } from '../pump/pump.ts';
import { sampleDrugLibrary } from '../pump/sample-drug-library.ts';
import { MqttLink, type LinkStats } from '../pump/network/mqtt-link.ts';
import type { DrugLibrary } from '../contract/drug-library.ts';
import { planFleet, type PlannedPump } from './fleet-plan.ts';
import { loadDeviceCredentials } from './device-credentials.ts';
import { requestAdmissions, type AdmissionRequests } from './fleet-admission.ts';
import type { AdmissionRequestOptions } from '../pump/network/network-admission.ts';

export interface FleetOptions {
  /** The lab state directory holding the PKI (and, with `persistStores`, each pump's flash). */
  stateDir: string;
  /** `mqtts://host:port`, or `mqtt://` for a posture without TLS. Any MQTT 3.1.1 broker will do. */
  brokerUrl: string;
  count: number;
  firstIndex?: number;
  seed: number | string;
  clock: LabClock;
  logger?: Logger;
  firmwareMix?: Record<string, number>;
  /** Present each pump's device certificate (mutual TLS). Default true. */
  presentCertificates?: boolean;
  /** The name the broker's certificate carries, when the URL's host is an address it does not list. */
  servername?: string;
  statusIntervalMs?: number;
  /** The library installed at the factory; the lab's sample library by default. */
  library?: DrugLibrary;
  /** Keep each pump's local store in `<stateDir>/pumps/` instead of memory. */
  persistStores?: boolean;
  requireSignedLibraries?: boolean;
  requireSignedFirmware?: boolean;
  encryptStore?: boolean;
  /**
   * The "default credentials removed" control: each pump's maintenance console login, by serial.
   * Default: the firmware's factory login on every unit (CVE-2017-12724 pattern).
   */
  maintenanceCredentials?: (serial: string) => { user: string; password: string };
  /** The address each pump speaks from (in a zoned lab, its own address in the pump network); `position` is 0-based in the plan. */
  pumpAddress?: (pump: PlannedPump, position: number) => string;
  /**
   * The gateway's admission service (802.1X-like): each pump presents its device certificate there,
   * from its own address, before it connects to the broker. Absent: pumps connect straight away.
   */
  admission?: { host: string; port: number };
  /** Pumps connecting at once: paces start-up so a ward does not arrive as one storm. Default 200. */
  connectBatch?: number;
  /**
   * Which run of this seed this is. Each pump's boot identifier comes from the seed, and a server
   * stores each (serial, boot, seq) once: a second run against a store that kept the first must be
   * a new boot, or its messages are dropped as resends. Default 1, the first run.
   */
  run?: number;
}

/** Totals over every pump's link. */
export type FleetStats = Omit<LinkStats, 'connected'> & { pumps: number; connected: number };

/**
 * Many pumps in one process, each with its own identity, store and MQTT session to the broker:
 * a ward for the lab, or a load for a vendor's pump server (`pumplab fleet`).
 */
export class Fleet {
  private constructor(
    readonly plan: readonly PlannedPump[],
    private readonly pumps: ReadonlyMap<string, Pump>,
    private readonly links: ReadonlyMap<string, MqttLink>,
    private readonly admissions: AdmissionRequests,
    private readonly logger: Logger,
  ) {}

  /** Builds the ward and connects it, a batch at a time. */
  static async start(options: FleetOptions): Promise<Fleet> {
    const random = seededRandom(options.seed);
    const plan = planFleet({ count: options.count, random, ...pick(options, 'firstIndex', 'firmwareMix') });
    const logger = (options.logger ?? silentLogger).child({ component: 'fleet' });
    const credentials =
      options.presentCertificates === false
        ? undefined
        : loadDeviceCredentials(
            options.stateDir,
            plan.map((p) => p.identityName),
          );
    // Without device certificates a pump still checks the broker against the lab root.
    const trust = credentials ? undefined : loadTlsTrust(options.stateDir);
    const verifySignature = signatureVerifier(options.stateDir, options.clock);
    const pumps = new Map<string, Pump>();
    const links = new Map<string, MqttLink>();
    const admissions = new Map<string, AdmissionRequestOptions>();
    for (const [position, planned] of plan.entries()) {
      const pump = new Pump({
        ...planned,
        clock: options.clock,
        random: random.fork((options.run ?? 1) > 1 ? `${planned.serial}:run-${options.run}` : planned.serial),
        logger,
        verifySignature,
        library: options.library ?? sampleDrugLibrary,
        ...(options.persistStores ? { storeDir: path.join(options.stateDir, 'pumps') } : {}),
        ...pick(
          options,
          'statusIntervalMs',
          'requireSignedLibraries',
          'requireSignedFirmware',
          'encryptStore',
        ),
        ...(options.maintenanceCredentials
          ? { maintenanceCredentials: options.maintenanceCredentials(planned.serial) }
          : {}),
      });
      const material = credentials?.get(planned.identityName) ?? trust;
      const tls = material
        ? { ...material, ...(options.servername ? { servername: options.servername } : {}) }
        : undefined;
      const localAddress = options.pumpAddress?.(planned, position);
      const link = new MqttLink(pump, {
        brokerUrl: options.brokerUrl,
        clock: options.clock,
        random: random.fork(`${planned.serial}:link`),
        logger,
        ...(localAddress ? { localAddress } : {}),
        ...(tls ? { tls } : {}),
      });
      const device = credentials?.get(planned.identityName);
      if (options.admission && device) {
        admissions.set(planned.serial, {
          ...options.admission,
          tls: device,
          ...(localAddress ? { localAddress } : {}),
        });
      }
      pumps.set(planned.serial, pump);
      links.set(planned.serial, link);
    }
    const fleet = new Fleet(plan, pumps, links, admissions, logger);
    await fleet.connect(options.connectBatch ?? 200);
    logger.info({ pumps: plan.length }, 'fleet started');
    return fleet;
  }

  /** The pump with this serial. */
  pump(serial: string): Pump | undefined {
    return this.pumps.get(serial);
  }

  /** The network link of the pump with this serial. */
  link(serial: string): MqttLink | undefined {
    return this.links.get(serial);
  }

  get serials(): string[] {
    return this.plan.map((planned) => planned.serial);
  }

  stats(): FleetStats {
    const totals: FleetStats = {
      pumps: this.plan.length,
      connected: 0,
      published: 0,
      acknowledged: 0,
      dropped: 0,
      buffered: 0,
      reconnects: 0,
    };
    for (const link of this.links.values()) {
      const { connected, ...counters } = link.stats;
      if (connected) totals.connected += 1;
      for (const key of Object.keys(counters) as (keyof typeof counters)[]) totals[key] += counters[key];
    }
    return totals;
  }

  async close(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.close()));
    await Promise.all([...this.pumps.values()].map((pump) => pump.close()));
  }

  private async connect(batchSize: number): Promise<void> {
    const serials = this.serials;
    for (let start = 0; start < serials.length; start += batchSize) {
      const batch = serials.slice(start, start + batchSize);
      await requestAdmissions(batch, this.admissions, this.logger);
      for (const serial of batch) {
        this.pumps.get(serial)?.start();
        this.links.get(serial)?.start();
      }
      await Promise.all(batch.map((serial) => this.links.get(serial)?.firstAttempt()));
    }
  }
}

/** Pumps check code signatures against the lab root and the CRLs as they are now, on the lab clock. */
function signatureVerifier(
  stateDir: string,
  clock: LabClock,
): (content: Buffer, signature: Buffer) => { signerSubject: string } {
  let trustAnchorPem: string | undefined;
  return (content, signature) => {
    trustAnchorPem ??= loadTlsTrust(stateDir).ca;
    return verifyDetached(content, signature, {
      trustAnchorPem,
      crlPems: readCrlPems(stateDir),
      at: new Date(clock.now()),
    });
  };
}

function pick<T extends object, K extends keyof T>(source: T, ...keys: K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
