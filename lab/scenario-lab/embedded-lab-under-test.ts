import fs from 'node:fs';
import type { AdjustableClock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';
import type { LabSettings } from '../../scenarios/controls/lab-settings.ts';
import type {
  Endpoint,
  LabObservations,
  LabUnderTest,
  WorkflowCheck,
} from '../../scenarios/engine/lab-under-test.ts';
import type { PumpConsolePort } from '../embedded/lab-options.ts';
import type { EmbeddedLab } from '../embedded/embedded-lab.ts';
import { rootCertificateFile } from '../embedded/root-certificate.ts';
import { LabAddresses } from './lab-addresses.ts';
import { labObservations } from './lab-observations.ts';
import { LabTime } from './lab-time.ts';
import { WardAccess } from './physical-access.ts';
import { PumpObserver } from './pump-observer.ts';
import { SecurityEventLog, serverSecurityFeeds } from './security-event-log.ts';
import { orderedInfusions } from './ward-records.ts';
import { checkWorkflow } from './workflow-check.ts';

/** What a run's lab is made of besides the embedded lab: its settings, its own state directory. */
export interface ScenarioLabContext {
  settings: LabSettings;
  stateDir: string;
  /** The clock the lab was started on, whose speed the run steers. */
  clock: AdjustableClock;
  logger?: Logger;
  /** Called once the lab is closed (the launcher removes the state directory). */
  onClosed?: () => void;
}

/**
 * A started embedded lab as a scenario run sees it (scenarios/engine/lab-under-test.ts): addresses
 * in its zones, lab time, observations, physical access and the clinical workflow check. Recording
 * (alarms, security events) starts in `open`, before the run gets the lab; what the pump server
 * sent the EHR its outbox records (ehr-sent-log.ts).
 */
export class EmbeddedLabUnderTest implements LabUnderTest {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly lab: EmbeddedLab,
    private readonly context: ScenarioLabContext,
    private readonly time: LabTime,
    private readonly addresses: LabAddresses,
    private readonly access: WardAccess,
    readonly observe: LabObservations,
    readonly rootCertificatePem: string,
    private readonly recorders: { close(): void }[],
  ) {}

  /** Wraps a started lab; starts its recorders. */
  static async open(lab: EmbeddedLab, context: ScenarioLabContext): Promise<EmbeddedLabUnderTest> {
    const logger = (context.logger ?? silentLogger).child({ component: 'scenario-lab' });
    const { network, topology, gateway } = lab.network;
    const time = new LabTime(context.clock);
    const pumps = new PumpObserver(lab.fleet, (position) => network.pumpAddress(position + 1) ?? '');
    const securityEvents = new SecurityEventLog(serverSecurityFeeds(lab.server, lab.ehr), {
      topology,
      gateway,
    });
    const access = new WardAccess({
      fleet: lab.fleet,
      stateDir: context.stateDir,
      ...(lab.network.admission ? { admission: lab.network.admission } : {}),
      logger,
    });
    // A stolen pump has left the ward; every other pump's console port is dialled, open or closed.
    const onWard = (): PumpConsolePort[] =>
      lab.consoles.filter(({ serial }) => !access.takenSerials.has(serial));
    const addresses = new LabAddresses({ topology, gateway, network, consoles: onWard });
    const orders = orderedInfusions(lab.ehr, lab.infusions);
    const observe = labObservations({ lab, pumps, orders, securityEvents });
    const rootPem = fs.readFileSync(rootCertificateFile(context.stateDir), 'utf8');
    const recorders = [pumps, securityEvents];
    return new EmbeddedLabUnderTest(lab, context, time, addresses, access, observe, rootPem, recorders);
  }

  get settings(): LabSettings {
    return this.context.settings;
  }

  get physical(): WardAccess {
    return this.access;
  }

  inLab(address: string): boolean {
    return this.addresses.inLab(address);
  }

  reach(zone: string, service: string): Endpoint | undefined {
    return this.addresses.reach(zone, service);
  }

  spareAddress(zone: string): string {
    return this.addresses.spareAddress(zone);
  }

  pumpConsoles(zone: string): Endpoint[] {
    return this.addresses.pumpConsoles(zone);
  }

  now(): number {
    return this.time.now();
  }

  wait(labMs: number): Promise<void> {
    return this.time.wait(labMs);
  }

  checkWorkflow(): Promise<WorkflowCheck> {
    const { fleet, ehr, pointOfCare } = this.lab;
    return checkWorkflow({
      fleet,
      ehr,
      pointOfCare,
      library: sampleDrugLibrary,
      time: this.time,
      taken: this.access.takenSerials,
    });
  }

  /** Stops the recorders and the lab, then hands the state directory back (`onClosed`). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const recorder of this.recorders) recorder.close();
      try {
        await this.lab.close();
      } finally {
        this.context.onClosed?.();
      }
    })();
    return this.closing;
  }
}
