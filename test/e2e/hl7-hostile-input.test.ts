import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedLab } from '../../lab/embedded/embedded-lab.ts';
import { loadTlsMaterial, type TlsMaterial } from '../../pki/tls/tls-material.ts';
import { readAck } from '../../simulators/hl7/message/ack-reader.ts';
import { MllpClient } from '../../simulators/hl7/mllp/mllp-client.ts';
import { frameMllp } from '../../simulators/hl7/mllp/mllp-framer.ts';
import { pcd01For } from '../simulators/ehr/pcd-messages.ts';
import { fixture } from '../simulators/hl7/pcd/pcd-test-kit.ts';
import { adt } from '../simulators/pump-server/hl7/hl7-server-lab.ts';
import { gatewayEndpoint } from '../helpers/lab-network.ts';
import { startClinicalLab } from './clinical-lab.ts';
import { sendRaw, verdict } from './raw-mllp.ts';

const negative = ['AE', 'AR', 'CE', 'CR', 'closed'];
const header = (type: string) =>
  `MSH|^~\\&|PUMPSRV|PUMPLAB|EHR|PUMPLAB|20260302090000+0000||${type}|X1|P|2.6|||AL|NE`;

describe('the lab HL7 listeners under hostile input', () => {
  let lab: EmbeddedLab;
  let asPumpServer: TlsMaterial;
  let asEhr: TlsMaterial;
  let toEhr: MllpClient;
  let toPumpServer: MllpClient;
  let ehrPeer: Peer;
  let pumpServerPeer: Peer;
  let sequence = 0;

  /** Each listener is attacked from the zone its real peer sits in, through the gateway. */
  interface Peer {
    host: string;
    port: number;
    localAddress: string;
    servername: string;
  }

  /** A well-formed message from another client is still answered positively. */
  const stillServing = async (): Promise<void> => {
    const patient = lab.ehr.patients({ admitted: true })[0]!;
    expect(readAck(await toEhr.send(pcd01For(patient, `GOOD${(sequence += 1)}`))).code).toMatch(/^[AC]A$/);
    const mrn = `MRN9${String(sequence).padStart(5, '0')}`;
    expect(
      readAck(await toPumpServer.send(adt(lab, 'A01', { mrn, unit: 'ICU', weightKg: 70 }))).code,
    ).toMatch(/^[AC]A$/);
  };

  beforeAll(async () => {
    const started = await startClinicalLab('hl7-hostile');
    lab = started.lab;
    asPumpServer = loadTlsMaterial(started.stateDir, 'pump-server');
    asEhr = loadTlsMaterial(started.stateDir, 'ehr');
    // As the pump server from the clinical servers' zone; as the EHR from the clinical systems'.
    ehrPeer = {
      ...gatewayEndpoint(lab.description, 'ehr-hl7'),
      localAddress: '127.20.0.200',
      servername: 'ehr',
    };
    pumpServerPeer = {
      ...gatewayEndpoint(lab.description, 'hl7'),
      localAddress: '127.30.0.200',
      servername: 'pump-server',
    };
    const client = ({ host, port, localAddress, servername }: Peer, material: TlsMaterial) =>
      new MllpClient({
        host,
        port,
        tls: { material, policy: { checkRevocation: false, localAddress, servername } },
      });
    toEhr = client(ehrPeer, asPumpServer);
    toPumpServer = client(pumpServerPeer, asEhr);
  });

  afterAll(async () => {
    await toEhr?.close();
    await toPumpServer?.close();
    await lab?.close();
  });

  const ehr = (): Peer => ehrPeer;
  const pumpServer = (): Peer => pumpServerPeer;

  it.each([
    ['a malformed segment', `${header('ORU^R01^ORU_R01')}\rPID|||\x01\rOBX|this is not|an|OBX`],
    ['a wrong message type', `${header('ADT^A01^ADT_A01')}\rEVN|A01\rPID|||MRN100000`],
    ['no MSH at all', 'PID|||MRN100000\rOBX|1'],
  ])('answers %s with a negative ACK or closes, at both listeners', async (_name, text) => {
    for (const [target, material] of [
      [ehr(), asPumpServer],
      [pumpServer(), asEhr],
    ] as const) {
      expect(negative).toContain(verdict(await sendRaw(target, material, [frameMllp(text)])));
    }
    await stillServing();
  });

  it('closes on a truncated frame, an oversized frame and garbage bytes', async () => {
    const truncated = frameMllp(header('ORU^R01^ORU_R01')).subarray(0, 30);
    const oversized = frameMllp('x'.repeat(1024 * 1024 + 10));
    const garbage = Buffer.alloc(70 * 1024, 0x41);
    for (const target of [ehr(), pumpServer()]) {
      const material = target === ehr() ? asPumpServer : asEhr;
      expect(verdict(await sendRaw(target, material, [truncated], { endAfter: true }))).toBe('closed');
      expect(negative).toContain(verdict(await sendRaw(target, material, [oversized])));
      expect(verdict(await sendRaw(target, material, [garbage]))).toBe('closed');
    }
    await stillServing();
  });

  it('serves others while a slow sender dribbles its message, then answers it too', async () => {
    const patient = lab.ehr.patients({ admitted: true })[1]!;
    const bytes = frameMllp(pcd01For(patient, 'SLOW1'));
    const chunks = Array.from({ length: 20 }, (_, i) =>
      bytes.subarray((i * bytes.length) / 20, ((i + 1) * bytes.length) / 20),
    );
    const slow = sendRaw(ehr(), asPumpServer, chunks, { gapMs: 50 });
    await stillServing();
    expect(verdict(await slow)).toMatch(/^[AC]A$/);
  });

  it('answers the IHE PCD-01 example at the EHR with CE 204 (unknown patient) and the PCD-04 one negatively with ERR', async () => {
    const pcd01 = await sendRaw(ehr(), asPumpServer, [frameMllp(fixture('tf2-e1-pcd01-physio-monitor.hl7'))]);
    expect('answer' in pcd01 && readAck(pcd01.answer)).toMatchObject({
      code: 'CE',
      errors: [{ code: '204' }],
    });
    const pcd04 = await sendRaw(ehr(), asPumpServer, [
      frameMllp(fixture('tf2-e3-pcd04-pump-occlusion-start.hl7')),
    ]);
    expect(['AE', 'CE']).toContain(verdict(pcd04));
    expect('answer' in pcd04 && readAck(pcd04.answer).errors.length).toBeGreaterThan(0);
    await stillServing();
  });

  it('answers the IHE RGV^O15 examples at the pump server: CE 101 for example 1, RRG^O16 AE 204 for example 2', async () => {
    // Example 1 as published leaves OBX-11 (required) empty in its second OBX: refused on accept.
    const one = await sendRaw(pumpServer(), asEhr, [frameMllp(fixture('tf2-e2-pcd03-example1-rgv-o15.hl7'))]);
    expect('answer' in one && one.answer.messageType).toBe('ACK^O15^ACK');
    expect('answer' in one && readAck(one.answer)).toMatchObject({ code: 'CE', errors: [{ code: '101' }] });
    // Example 2 is well formed; its patient 98765 is not in the lab.
    const two = await sendRaw(pumpServer(), asEhr, [frameMllp(fixture('tf2-e2-pcd03-example2-rgv-o15.hl7'))]);
    expect('answer' in two && two.answer.messageType).toBe('RRG^O16^RRG_O16');
    expect('answer' in two && readAck(two.answer)).toMatchObject({ code: 'AE', errors: [{ code: '204' }] });
    await stillServing();
  });
});
