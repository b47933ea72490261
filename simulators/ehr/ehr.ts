import path from 'node:path';
import { systemClock, type Clock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { Admissions, type AdmissionResult, type PatientChanges } from './admissions.ts';
import { AdtNotifier } from './adt-notifier.ts';
import { ChartStore } from './chart-store.ts';
import type { Chart } from './chart.ts';
import { startEhrListeners, type EhrListeners } from './ehr-listeners.ts';
import { ehrDefaults, type EhrAddresses, type EhrListenAt, type EhrOptions } from './ehr-options.ts';
import type { InfusionOrder } from './infusion-order.ts';
import type { BedLocation, Patient } from './patient.ts';
import { pcdIntake } from './pcd-intake.ts';
import { createEhrRestApp } from './rest/ehr-rest-app.ts';
import { seededWard } from './seeded-ward.ts';
import type { OrderFilter, PatientFilter, Ward } from './ward.ts';
import type { MllpSecurityEvents } from '../hl7/mllp/mllp-security-events.ts';

/** What a started EHR holds: its chart, its ADT sender and its listeners. */
interface Running {
  chart: ChartStore;
  notifier: AdtNotifier;
  admissions: Admissions;
  listeners: EhrListeners;
}

/**
 * The lab's EHR (SP 1800-8: the clinical system the pump server reports to): a seeded ward of
 * synthetic patients and infusion orders; ADT A01/A02/A03/A08 to the pump server over MLLP/TLS; an
 * HL7 listener charting PCD-01 observations and PCD-04 alarms in SQLite before acknowledging them;
 * and a REST API (HTTPS) for the census, the charts and the orders the point-of-care reads.
 *
 * @example
 * const ehr = new Ehr({ stateDir, library, seed: 7, pumpServerHl7: { host, port } });
 * const at = await ehr.start({ host: '127.0.0.1', hl7Port: 0, restPort: 0 });
 * await ehr.admit(ehr.patients()[0]!.mrn);
 * await ehr.close();
 */
export class Ehr {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly ward: Ward;
  private running: Running | undefined;

  constructor(private readonly options: EhrOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'ehr' });
    this.ward = seededWard({
      count: options.patients ?? ehrDefaults.patients,
      seed: options.seed ?? ehrDefaults.seed,
      library: options.library,
      dueAt: new Date(this.clock.now()).toISOString(),
      offLibraryEvery: options.offLibraryEvery ?? ehrDefaults.offLibraryEvery,
      ...(options.orderPrefix ? { orderPrefix: options.orderPrefix } : {}),
      ...(options.careAreas ? { careAreas: options.careAreas } : {}),
    });
  }

  /**
   * Opens the chart and starts the HL7 and REST listeners.
   *
   * @throws PumplabError EHR_ALREADY_STARTED, PKI_UNKNOWN_NAME, PKI_CRL_INVALID, STORE_OPEN_FAILED;
   *   the listen error (EADDRINUSE) as it is.
   */
  async start(at: EhrListenAt): Promise<EhrAddresses> {
    if (this.running) throw new PumplabError('EHR_ALREADY_STARTED', 'The EHR is already running.');
    const o = this.options;
    const material = loadTlsMaterial(o.stateDir, o.identityName ?? ehrDefaults.identityName);
    const mutualTls = o.mutualTls ?? ehrDefaults.mutualTls;
    const checkRevocation = o.checkRevocation ?? ehrDefaults.checkRevocation;
    const party = o.hl7Party ?? ehrDefaults.hl7Party;
    const chart = ChartStore.open(
      path.join(o.stateDir, 'ehr', 'chart.sqlite'),
      o.durability ?? ehrDefaults.durability,
    );
    const notifier = new AdtNotifier({
      ...(o.pumpServerHl7 ? { target: o.pumpServerHl7 } : {}),
      tls: { material, policy: { checkRevocation } },
      sender: party,
      receiver: o.pumpServerParty ?? ehrDefaults.pumpServerParty,
      clock: this.clock,
      logger: this.logger,
      responseTimeoutMs: o.adtTimeoutMs ?? ehrDefaults.adtTimeoutMs,
    });
    const admissions = new Admissions(this.ward, notifier);
    try {
      const responder = { app: party.application, facility: party.facility };
      const listeners = await startEhrListeners(
        {
          stateDir: o.stateDir,
          material,
          policy: { requireClientCert: mutualTls, checkRevocation: mutualTls && checkRevocation },
          handler: pcdIntake({ ward: this.ward, chart, responder, clock: this.clock, logger: this.logger }),
          responder,
          app: createEhrRestApp({
            ward: this.ward,
            admissions,
            chart,
            clock: this.clock,
            logger: this.logger,
          }).app,
          clock: this.clock,
          logger: this.logger,
        },
        at,
      );
      this.running = { chart, notifier, admissions, listeners };
      this.logger.info({ ...listeners.addresses, mutualTls }, 'EHR started');
      return listeners.addresses;
    } catch (error) {
      await notifier.close();
      chart.close();
      throw error;
    }
  }

  /** What the EHR's HL7 listener refused; undefined until started. */
  get hl7SecurityEvents(): MllpSecurityEvents | undefined {
    return this.running?.listeners.hl7SecurityEvents;
  }

  /** Where the EHR listens; undefined until started. */
  get addresses(): EhrAddresses | undefined {
    return this.running?.listeners.addresses;
  }

  /** Stops the listeners, closes the connection to the pump server, then the chart. */
  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.listeners.close();
    await running.notifier.close();
    running.chart.close();
  }

  /** ADT^A01. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_ALREADY_ADMITTED, EHR_ADT_NOT_DELIVERED */
  async admit(mrn: string): Promise<AdmissionResult> {
    return this.started().admissions.admit(mrn);
  }

  /** ADT^A02. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_NOT_ADMITTED, EHR_ADT_NOT_DELIVERED */
  async transfer(mrn: string, location: BedLocation, careArea?: string): Promise<AdmissionResult> {
    const target = careArea === undefined ? { location } : { location, careArea };
    return this.started().admissions.transfer(mrn, target);
  }

  /** ADT^A03. @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_PATIENT_NOT_ADMITTED, EHR_ADT_NOT_DELIVERED */
  async discharge(mrn: string): Promise<AdmissionResult> {
    return this.started().admissions.discharge(mrn);
  }

  /** ADT^A08 (weight, allergies). @throws PumplabError EHR_PATIENT_NOT_FOUND, EHR_ADT_NOT_DELIVERED */
  async update(mrn: string, changes?: PatientChanges): Promise<AdmissionResult> {
    return this.started().admissions.update(mrn, changes);
  }

  /** The census (copies). */
  patients(filter?: PatientFilter): Patient[] {
    return this.ward.patients(filter);
  }

  /** @throws PumplabError EHR_PATIENT_NOT_FOUND */
  patient(mrn: string): Patient {
    return this.ward.patient(mrn);
  }

  /** The infusion orders (copies). */
  orders(filter?: OrderFilter): InfusionOrder[] {
    return this.ward.orders(filter);
  }

  /** One patient's chart. @throws PumplabError EHR_NOT_STARTED, EHR_PATIENT_NOT_FOUND */
  chart(mrn: string, limit?: number): Chart {
    const running = this.started();
    this.ward.patient(mrn);
    return running.chart.chart(mrn, limit);
  }

  private started(): Running {
    if (!this.running) throw new PumplabError('EHR_NOT_STARTED', 'The EHR is not running.');
    return this.running;
  }
}
