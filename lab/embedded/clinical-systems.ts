import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import type { DrugLibrary } from '../../simulators/contract/drug-library.ts';
import { Ehr } from '../../simulators/ehr/ehr.ts';
import type { EhrAddresses } from '../../simulators/ehr/ehr-options.ts';
import type { ConfirmHook } from '../../simulators/poc/bcma-session.ts';
import { PointOfCare } from '../../simulators/poc/workstation.ts';
import type { Binding, Reach } from '../network/lab-network.ts';

/** The point-of-care workstation's lab identity (lab/setup/lab-identities.ts). */
export const pointOfCareIdentity = 'poc-1';

/** What the clinical systems need of the rest of the lab. */
export interface ClinicalSystemsOptions {
  stateDir: string;
  /** Where the EHR binds and whom it takes connections from. */
  ehrAt: Binding;
  /**
   * The EHR's controls (default: both on). Its clients present certificates either way, so they work
   * with mutual TLS off too, and check the servers' certificates against the CRLs with `checkRevocation`.
   */
  security?: { mutualTls?: boolean; checkRevocation?: boolean };
  /**
   * Where the EHR listens (0: any free port). The pump server must know the HL7 one already when it
   * reaches the EHR directly; through the gateway it is recorded once the EHR has bound it.
   */
  ehrPorts: { hl7: number; rest: number };
  /** How the EHR reaches the pump server's HL7 listener (ADT). */
  pumpServerHl7: Reach;
  /** How the workstation reaches the pump server (PCD-03) and, once its port is known, the EHR's API. */
  pointOfCare: { pumpServerHl7: Reach; ehrRest: (port: number) => Reach };
  library: DrugLibrary;
  patients: number;
  seed: number;
  /** ORC-2 placer numbers start with this, new each run. */
  orderPrefix: string;
  clock: Clock;
  /** The five rights' "right time" window either side of an order's due time, lab ms. */
  windowMs: number;
  /** Starts the pump once the nurse confirms (the pump server's `orders.confirmStart`). */
  onConfirm: ConfirmHook;
  logger: Logger;
}

/** The EHR and the point-of-care workstation, started; `close()` stops them in reverse order. */
export interface ClinicalSystems {
  ehr: Ehr;
  pointOfCare: PointOfCare;
  addresses: EhrAddresses;
  close(): Promise<void>;
}

/**
 * Starts the lab's EHR (HL7 listener for PCD-01/PCD-04, REST API, ADT to the pump server), admits
 * every patient of its ward (ADT^A01 each, so the pump server knows where they lie), then starts
 * the point-of-care workstation `poc-1` against the EHR's REST API and the pump server's PCD-03
 * listener. Both present lab certificates (SP 1800-8: the clinical-systems zone authenticates).
 * A failure closes what had started.
 * @throws PumplabError from the EHR (EHR_ADT_NOT_DELIVERED...) or a listen error
 * @example const clinical = await startClinicalSystems({ stateDir, host, ehrPorts: { hl7: 2575, rest: 9443 }, ... });
 */
export async function startClinicalSystems(options: ClinicalSystemsOptions): Promise<ClinicalSystems> {
  const { clock, logger } = options;
  const ehr = new Ehr({
    stateDir: options.stateDir,
    library: options.library,
    patients: options.patients,
    seed: options.seed,
    orderPrefix: options.orderPrefix,
    clock,
    logger,
    pumpServerHl7: options.pumpServerHl7,
    ...options.security,
  });
  const addresses = await ehr.start({
    ...options.ehrAt,
    hl7Port: options.ehrPorts.hl7,
    restPort: options.ehrPorts.rest,
  });
  let pointOfCare: PointOfCare | undefined;
  try {
    for (const patient of ehr.patients({ admitted: false })) await ehr.admit(patient.mrn);
    pointOfCare = await PointOfCare.start({
      tls: {
        material: loadTlsMaterial(options.stateDir, pointOfCareIdentity),
        policy: { checkRevocation: options.security?.checkRevocation ?? true },
      },
      ehr: options.pointOfCare.ehrRest(addresses.rest.port),
      pumpServer: options.pointOfCare.pumpServerHl7,
      clock,
      windowMs: options.windowMs,
      onConfirm: options.onConfirm,
      logger,
    });
  } catch (error) {
    await ehr.close();
    throw error;
  }
  const started = pointOfCare;
  return {
    ehr,
    pointOfCare: started,
    addresses,
    close: async () => {
      await started.close();
      await ehr.close();
    },
  };
}
