import type { AdmissionRecord } from '../../gateway/admission/admission-log.ts';
import type { DecisionRecord } from '../../gateway/enforcement/decision-log.ts';
import type { Alert } from '../../gateway/monitor/alert.ts';
import type { LabSettings } from '../controls/lab-settings.ts';

/**
 * What a scenario run sees of a lab: where its services are, what can be observed of its effects,
 * and the physical access an attacker in the building has. Everything here is plain data, so the
 * same contract can be served by an embedded lab in this process or a compose lab over HTTP.
 * Scenarios never import the lab: the lab implements this (DESIGN.md, arrows run one way).
 */
export interface LabUnderTest {
  /** The configuration the lab was started with. */
  readonly settings: LabSettings;
  /** Whether an address belongs to the lab (its zones, the lab host); attack actions refuse any other. */
  inLab(address: string): boolean;
  /** Where a client in `zone` dials `service`: in its own zone directly, across zones through the gateway. */
  reach(zone: string, service: string): Endpoint | undefined;
  /** An address in `zone` no component uses: where the attacker's machine sits. */
  spareAddress(zone: string): string;
  /** Every pump maintenance console a machine in `zone` can dial (all of its zone's, or the gateway's one). */
  pumpConsoles(zone: string): Endpoint[];
  /** The lab CA's root certificate (PEM): public, as any hospital's is. */
  readonly rootCertificatePem: string;
  /** Lab time, ms since the epoch. */
  now(): number;
  /** Lets `labMs` of lab time pass (the lab clock may run faster than real time). */
  wait(labMs: number): Promise<void>;
  readonly observe: LabObservations;
  readonly physical: PhysicalAccess;
  /**
   * The clinical workflow, for real: a nurse scans a patient, a drug and a free pump at the
   * point-of-care, the order goes to the pump server (PCD-03), the pump starts, and its PCD-01
   * observation reaches the EHR chart.
   */
  checkWorkflow(): Promise<WorkflowCheck>;
  close(): Promise<void>;
}

/** Starts a fresh lab under `settings` with `seed` (the embedded lab, or a compose lab). */
export type LabLauncher = (settings: LabSettings, seed: string) => Promise<LabUnderTest>;

export interface Endpoint {
  host: string;
  port: number;
  /** The name the service's certificate carries. */
  servername?: string;
}

/** What can be observed of the lab's state and logs. */
export interface LabObservations {
  pumps(): PumpView[];
  /** The infusions the ward was given through the clinical workflow, as ordered. */
  orders(): OrderView[];
  /** The identifiers of every patient the EHR holds: what counts as a disclosed record. */
  patients(): PatientView[];
  /** The EHR chart's device entries for one patient. */
  chart(mrn: string): ChartView;
  /** Pump serials the pump server's inventory lists. */
  inventory(): string[];
  /** The drug library and firmware versions the hospital published through its pump server. */
  releases(): { libraries: string[]; firmware: string[] };
  /** HL7 message control ids (MSH-10) the pump server sent the EHR. */
  sentToEhr(): string[];
  decisions(): DecisionRecord[];
  admissions(): AdmissionRecord[];
  /** Monitor alerts; empty when monitoring is off. */
  alerts(): Alert[];
  /** Security events of the broker and both HL7 listeners. */
  securityEvents(): SecurityEventView[];
}

export interface PumpView {
  serial: string;
  /** Its address in the pump network. */
  address: string;
  /** The care area it serves (its drug library profile, IHE PCD-03 ORC-17). */
  careArea: string;
  firmware: string;
  libraryVersion: string | null;
  state: string;
  /** The running program's rate, mL/h; null with no program. */
  rate: number | null;
  /** Volume infused by the current program, mL. */
  volumeInfused: number;
  /** The current program's infusion id (the EHR order id when the point-of-care sent it). */
  infusionId: string | null;
  /** Active alarms. */
  alarms: string[];
  /** Every alarm raised since the lab started, with lab time. */
  alarmsRaised: { at: number; code: string }[];
  /** Every drug library and firmware it installed since the lab started, and whether it checked a signature. */
  installs: PackageInstall[];
  /** Its MQTT session to the pump server is up. */
  connected: boolean;
}

export interface PackageInstall {
  /** Lab time, ms. */
  at: number;
  kind: 'library' | 'firmware';
  version: string;
  /** The pump verified a lab code-signing signature before installing it. */
  signed: boolean;
}

export interface OrderView {
  orderId: string;
  mrn: string;
  serial: string;
  drugId: string;
  /** The ordered rate, mL/h. */
  rate: number;
}

export interface PatientView {
  mrn: string;
  /** Given and family name, as the EHR holds them. */
  name: string;
  /** The care area the patient is admitted to; null when not admitted. */
  careArea: string | null;
}

export interface ChartView {
  observations: { at: number; serial: string; rate: number | null; controlId: string }[];
  alarms: { at: number; serial: string; code: string; controlId: string }[];
}

export interface SecurityEventView {
  /** Lab time, ms. */
  at: number;
  /** `pump-server-broker`, `pump-server-hl7` or `ehr-hl7`. */
  origin: string;
  kind: string;
  code: string;
  /** The real source address (after undoing the gateway's forwarding). */
  address: string;
  detail: string;
}

/** Someone in the building with hands on a pump. */
export interface PhysicalAccess {
  /** Loads a file through a pump's USB/media port (ICSMA-17-017-02). */
  loadMedia(serial: string, file: MediaFile): Promise<MediaOutcome>;
  /**
   * Takes a pump away: the hospital reports it lost and decommissions it (revokes its device
   * certificate and publishes the CRL; resolves once the lab's checks could see it), and the thief
   * keeps its flash and the device credential it held.
   */
  takeDevice(serial: string): Promise<TakenDevice>;
  /**
   * Not the attacker: the ward itself. A line occludes or a bag runs dry at the bedside, and the
   * pump raises the alarm (a contract alarm code) that must reach the nurse through the EHR.
   */
  raiseAlarm(serial: string, code: string): Promise<void>;
}

export interface MediaFile {
  kind: 'library' | 'firmware';
  content: Buffer;
  signature?: Buffer;
}

export type MediaOutcome =
  { outcome: 'accepted'; version: string } | { outcome: 'rejected'; code: string; message: string };

export interface TakenDevice {
  serial: string;
  /** Every file of its local store, as read off the flash. */
  flash: { name: string; bytes: Buffer }[];
  /**
   * The device certificate and key the pump held, read off its flash; absent when the pump seals its
   * store at rest: its key is then sealed with it, by the secure element the thief cannot read.
   */
  credential?: { certificatePem: string; keyPem: string };
}

export interface WorkflowCheck {
  ok: boolean;
  /** Each step in order, with what happened. */
  steps: { step: string; ok: boolean; detail: string }[];
}
