import { ScaledClock, type Clock } from '../../../../core/clock.ts';
import { ensureLabPki } from '../../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial } from '../../../../pki/tls/tls-material.ts';
import { Fleet } from '../../../../simulators/fleet/fleet.ts';
import { buildAck } from '../../../../simulators/hl7/message/ack.ts';
import { Hl7Builder } from '../../../../simulators/hl7/message/hl7-build.ts';
import type { ParsedHl7 } from '../../../../simulators/hl7/message/hl7-parse.ts';
import { MllpClient } from '../../../../simulators/hl7/mllp/mllp-client.ts';
import { startMllpServer, type MllpServer } from '../../../../simulators/hl7/mllp/mllp-server.ts';
import { buildAdt, type AdtEvent } from '../../../../simulators/hl7/pcd/adt.ts';
import { buildRgvO15, type RgvO15Order } from '../../../../simulators/hl7/pcd/pcd03-infusion-order.ts';
import type { PumpServerHl7Options } from '../../../../simulators/pump-server/hl7/hl7-options.ts';
import { PumpServer } from '../../../../simulators/pump-server/pump-server.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

/** The lab's parties (MSH-3/4, MSH-5/6). */
export const pumpServerParty = { application: 'PUMPSRV', facility: 'PUMPLAB' };
export const ehrParty = { application: 'EHR', facility: 'PUMPLAB' };
export const pocParty = { application: 'POC', facility: 'PUMPLAB' };
/** A point-of-care system with a return route: its RRG^O16 comes to its own listener. */
export const routedPocParty = { application: 'POCROUTED', facility: 'PUMPLAB' };

/**
 * A stand-in HL7 peer (the EHR, or a point-of-care listener): a real MLLP/TLS listener with a lab
 * identity that records every message and answers CA, or AE for control ids in `refuse`. It can go
 * down and come back on the same port.
 */
/** A minimal PCD-01 ORU^R01 from the pump server to the EHR, as an outbox holds one (original mode, MSH-15 AL). */
export function outboxMessage(controlId: string, at: number): string {
  return new Hl7Builder({
    sendingApp: pumpServerParty.application,
    sendingFacility: pumpServerParty.facility,
    receivingApp: ehrParty.application,
    receivingFacility: ehrParty.facility,
    messageType: 'ORU^R01^ORU_R01',
    controlId,
    timestamp: at,
    version: '2.6',
    acceptAck: 'AL',
    applicationAck: 'NE',
  })
    .segment('OBR', ['1', undefined, undefined, ['69985', 'MDC_DEV_PUMP_INFUS_MDS', 'MDC']])
    .toString();
}

export class StandIn {
  readonly messages: ParsedHl7[] = [];
  readonly refuse = new Set<string>();
  private server: MllpServer | undefined;
  port = 0;

  constructor(
    private readonly stateDir: string,
    private readonly identity: string,
  ) {}

  async up(): Promise<void> {
    this.server = await startMllpServer({
      port: this.port,
      tls: {
        material: loadTlsMaterial(this.stateDir, this.identity),
        policy: { requireClientCert: true, checkRevocation: false },
      },
      handler: async (parsed) => {
        this.messages.push(parsed);
        const code = this.refuse.has(parsed.controlId) ? 'AE' : 'CA';
        return buildAck(parsed, {
          code,
          responder: { app: this.identity.toUpperCase(), facility: 'PUMPLAB' },
        });
      },
    });
    this.port = this.server.port;
  }

  async down(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  of(type: string): ParsedHl7[] {
    return this.messages.filter((message) => message.messageType.startsWith(type));
  }
}

/** The pump server with its HL7 side, a ward of four pumps (icu, med-surg, oncology, icu), and peers. */
export interface Hl7ServerLab {
  stateDir: string;
  clock: ScaledClock;
  server: PumpServer;
  fleet: Fleet;
  ehr: StandIn;
  poc: StandIn;
  /** The EHR's ADT link and the point-of-care's order link, each with its own lab identity. */
  adtLink: MllpClient;
  orderLink: MllpClient;
  close(): Promise<void>;
}

/** Starts everything on loopback, port 0, with lab time 120 times real time. */
export async function startHl7ServerLab(hl7: PumpServerHl7Options = {}): Promise<Hl7ServerLab> {
  const stateDir = tempDir('pumplab-hl7-server-');
  ensureLabPki(stateDir, { pumps: 4 });
  const clock = new ScaledClock(120);
  const ehr = new StandIn(stateDir, 'ehr');
  const poc = new StandIn(stateDir, 'poc-1');
  await ehr.up();
  await poc.up();
  const server = new PumpServer({
    stateDir,
    clock,
    commandTimeoutMs: 5_000,
    hl7: {
      ehr: { host: '127.0.0.1', port: ehr.port },
      orderSenders: { [routedPocParty.application]: { host: '127.0.0.1', port: poc.port } },
      retry: { initialMs: 50, maxMs: 200 },
      ...hl7,
    },
  });
  const { mqtt, hl7: address } = await server.start({ host: '127.0.0.1', mqttPort: 0 });
  const fleet = await Fleet.start({
    stateDir,
    brokerUrl: `mqtts://127.0.0.1:${mqtt.port}`,
    count: 4,
    seed: 'hl7-server',
    clock,
    statusIntervalMs: 10_000,
  });
  await waitFor(
    () => server.inventory.list({ online: true }).items.filter((pump) => pump.careArea !== null).length === 4,
    'four pumps online with their care areas',
  );
  const link = (identity: string): MllpClient =>
    new MllpClient({
      host: '127.0.0.1',
      port: address?.port ?? 0,
      tls: { material: loadTlsMaterial(stateDir, identity), policy: { checkRevocation: false } },
      responseTimeoutMs: 15_000,
    });
  const adtLink = link('ehr');
  const orderLink = link('poc-1');
  return {
    stateDir,
    clock,
    server,
    fleet,
    ehr,
    poc,
    adtLink,
    orderLink,
    close: async () => {
      await adtLink.close();
      await orderLink.close();
      await fleet.close();
      await server.close();
      await ehr.down();
      await poc.down();
    },
  };
}

let sequence = 0;
/** A fresh control id for test messages. */
export const nextControlId = (prefix: string): string => `${prefix}${(sequence += 1)}`;

/** An ADT message from the EHR: `unit` is PV1-3.1 (ICU, 4W, ONC). */
export function adt(
  lab: { clock: Clock },
  event: AdtEvent,
  patient: { mrn: string; unit: string; weightKg?: number },
): string {
  return buildAdt(event, {
    patient: {
      mrn: patient.mrn,
      name: { family: 'Testpatient', given: 'Hl7' },
      ...(patient.weightKg === undefined ? {} : { weightKg: patient.weightKg }),
    },
    location: { unit: patient.unit, room: '12', bed: 'A' },
    visit: `V-${patient.mrn}`,
    controlId: nextControlId('ADT'),
    at: lab.clock.now(),
    sender: ehrParty,
    receiver: pumpServerParty,
  });
}

/** An RGV^O15 from the point-of-care system for `mrn` on `pumpId`. */
export function rgv(
  lab: { clock: Clock },
  input: { mrn: string; pumpId: string; order: RgvO15Order; weightKg?: number; sender?: typeof pocParty },
): string {
  return buildRgvO15({
    patient: { mrn: input.mrn, ...(input.weightKg === undefined ? {} : { weightKg: input.weightKg }) },
    order: input.order,
    pumpId: input.pumpId,
    nurseId: 'N0001',
    controlId: nextControlId('RGV'),
    at: lab.clock.now(),
    sender: input.sender ?? pocParty,
    receiver: pumpServerParty,
  });
}

/** Propofol 10 mg/mL (1000 mg in 100 mL) at `doseRate` mcg/kg/min, 100 mL to infuse. */
export function propofol(placerId: string, doseRate: number): RgvO15Order {
  return {
    placerId,
    drug: { id: 'propofol', name: 'Propofol 10 mg/mL' },
    doseRate: { value: doseRate, unit: 'mcg/kg/min' },
    concentration: { amount: 1000, unit: 'mg', volumeMl: 100 },
    vtbi: 100,
  };
}

/** The same message in HL7 original acknowledgement mode: MSH-15 and MSH-16 emptied. */
export function originalMode(message: string): string {
  const [msh = '', ...rest] = message.split('\r');
  const fields = msh.split('|');
  fields[14] = '';
  fields[15] = '';
  return [fields.join('|'), ...rest].join('\r');
}
