import type { LabClock } from '../../core/clock.ts';
import type { Ehr } from '../../simulators/ehr/ehr.ts';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { PointOfCare } from '../../simulators/poc/workstation.ts';
import type { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import type { LabNetworkParts } from '../network/start-lab-network.ts';
import type { ClinicalInfusion } from './clinical-ward.ts';
import type { LabDescription } from './lab-description.ts';
import type { EmbeddedLabOptions, LabParts, PumpConsolePort } from './lab-options.ts';

import { startLabParts } from './lab-startup.ts';

export { labPorts, type EmbeddedLabOptions, type EmbeddedLabPorts, type LabSecurity } from './lab-options.ts';

/**
 * The lab in one process (DESIGN.md, "The network": the embedded lab): the pump server (MQTT, REST,
 * HL7), the seeded ward of pumps, the EHR and the point-of-care workstation `poc-1`, on one lab
 * clock. The EHR admits its patients (ADT^A01) and one pump in three gets an EHR order through the
 * nurse's BCMA workflow (PCD-03, confirm). `close()` stops them in reverse order.
 *
 * @example
 * const lab = await EmbeddedLab.start({ stateDir: '.pumplab', pumps: 12, seed: 'demo', clockSpeed: 60 });
 * const { openapi } = lab.description.ehr.rest; // https://127.0.0.1:9443/api/v1/openapi.json
 * await lab.close();
 */
export class EmbeddedLab {
  private closing: Promise<void> | undefined;
  readonly pumpServer: PumpServer;
  readonly fleet: Fleet;
  readonly ehr: Ehr;
  readonly pointOfCare: PointOfCare;
  readonly clock: LabClock;
  readonly infusions: readonly ClinicalInfusion[];
  readonly description: LabDescription;
  /** Every pump's maintenance console port, open or closed. */
  readonly consoles: readonly PumpConsolePort[];

  private constructor(private readonly parts: LabParts) {
    this.pumpServer = parts.server;
    this.fleet = parts.fleet;
    this.ehr = parts.clinical.ehr;
    this.pointOfCare = parts.clinical.pointOfCare;
    this.clock = parts.clock;
    this.infusions = parts.infusions;
    this.description = parts.description;
    this.consoles = parts.consoles;
  }

  /** The network the lab lives on: for a zoned lab its gateway, monitor and admission service. */
  get network(): LabNetworkParts {
    return this.parts.network;
  }

  /** The pump server (an alias of `pumpServer`). */
  get server(): PumpServer {
    return this.parts.server;
  }

  /**
   * Starts the server, the fleet, the EHR and the workstation, and gives the ward its infusions.
   * A failure closes what had started.
   * @throws PumplabError from any component (a missing identity, LAB_PORT_IN_USE, EHR_ADT_NOT_DELIVERED)
   */
  static async start(options: EmbeddedLabOptions): Promise<EmbeddedLab> {
    return new EmbeddedLab(await startLabParts(options));
  }

  /** Stops the workstation and the EHR, then the fleet (pumps disconnect cleanly), the server, the gateway. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.parts.clinical.close();
      await this.fleet.close();
      await this.pumpServer.close();
      await this.parts.network.close();
    })();
    return this.closing;
  }
}
