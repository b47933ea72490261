import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../core/clock.ts';
import { isPumplabError } from '../../../../core/errors.ts';
import { ensureLabPki } from '../../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsMaterial, loadTlsTrust } from '../../../../pki/tls/tls-material.ts';
import { readAck } from '../../../../simulators/hl7/message/ack-reader.ts';
import { Hl7Builder } from '../../../../simulators/hl7/message/hl7-build.ts';
import { MllpClient } from '../../../../simulators/hl7/mllp/mllp-client.ts';
import { PumpServer } from '../../../../simulators/pump-server/pump-server.ts';
import { tempDir } from '../../../helpers/temp-dir.ts';
import { adt, ehrParty, originalMode, pumpServerParty } from './hl7-server-lab.ts';

/** The pump server's HL7 listener (mutual TLS) taking ADT from the EHR; no pumps needed. */
describe('the pump server keeping its patient registry from ADT', () => {
  const stateDir = tempDir('pumplab-hl7-adt-');
  const clock = new ManualClock(Date.UTC(2025, 2, 1, 8));
  let server: PumpServer;
  let link: MllpClient;
  let port: number;

  const send = async (message: string) => readAck(await link.send(message));
  const patient = (mrn: string) => server.hl7!.patients.get(mrn);

  beforeAll(async () => {
    ensureLabPki(stateDir, { pumps: 0 });
    server = new PumpServer({ stateDir, clock, hl7: {} });
    const addresses = await server.start({ host: '127.0.0.1', mqttPort: 0 });
    port = addresses.hl7!.port;
    expect(addresses.hl7).toMatchObject({ tls: true });
    link = new MllpClient({
      host: '127.0.0.1',
      port,
      tls: { material: loadTlsMaterial(stateDir, 'ehr'), policy: { checkRevocation: false } },
    });
  });

  afterAll(async () => {
    await link?.close();
    await server?.close();
  });

  it('admits with A01, answering CA to MSH-15 AL / MSH-16 NE, and keeps who is where', async () => {
    expect(
      await send(adt({ clock }, 'A01', { mrn: 'MRN000301', unit: 'ICU', weightKg: 72.5 })),
    ).toMatchObject({
      code: 'CA',
      errors: [],
    });
    expect(patient('MRN000301')).toMatchObject({
      identity: { mrn: 'MRN000301', name: { family: 'Testpatient', given: 'Hl7' } },
      location: { unit: 'ICU', room: '12', bed: 'A' },
      weightKg: 72.5,
      admitted: true,
    });
  });

  it('answers AA in original mode', async () => {
    const message = originalMode(adt({ clock }, 'A01', { mrn: 'MRN000302', unit: '4W' }));
    expect((await send(message)).code).toBe('AA');
  });

  it('moves with A02 and updates with A08, keeping what a message leaves out', async () => {
    await send(adt({ clock }, 'A02', { mrn: 'MRN000301', unit: 'ONC' }));
    expect(patient('MRN000301')).toMatchObject({ location: { unit: 'ONC' }, weightKg: 72.5, admitted: true });
    await send(adt({ clock }, 'A08', { mrn: 'MRN000301', unit: 'ONC', weightKg: 70 }));
    expect(patient('MRN000301')).toMatchObject({ weightKg: 70, admitted: true });
  });

  it('discharges with A03: no longer admitted, and no location to match a pump', async () => {
    expect((await send(adt({ clock }, 'A03', { mrn: 'MRN000301', unit: 'ONC' }))).code).toBe('CA');
    expect(patient('MRN000301')).toMatchObject({ admitted: false, location: undefined });
  });

  it('refuses a discharge of a patient never admitted with CE and ERR 204', async () => {
    const answer = await send(adt({ clock }, 'A03', { mrn: 'MRN000399', unit: 'ICU' }));
    expect(answer.code).toBe('CE');
    expect(answer.errors[0]).toMatchObject({ code: '204', location: 'PID^1^3' });
    expect(patient('MRN000399')).toBeUndefined();
  });

  it('refuses unreadable content with an error naming the field, and stores nothing', async () => {
    const message = adt({ clock }, 'A01', { mrn: 'MRN000304', unit: 'ICU', weightKg: 70 }).replace(
      '|70|',
      '|heavy|',
    );
    const answer = await send(message);
    expect(answer.code).toBe('CE');
    expect(answer.errors[0]).toMatchObject({ location: expect.stringMatching(/^OBX\^1\^5/) });
    expect(patient('MRN000304')).toBeUndefined();
  });

  it('rejects a message type that is not for the pump server with ERR 200', async () => {
    const message = new Hl7Builder({
      sendingApp: ehrParty.application,
      sendingFacility: ehrParty.facility,
      receivingApp: pumpServerParty.application,
      receivingFacility: pumpServerParty.facility,
      messageType: 'ORU^R01^ORU_R01',
      controlId: 'ORU-1',
      timestamp: clock.now(),
      version: '2.6',
    })
      .segment('OBR', ['1', undefined, undefined, ['69985', 'MDC_DEV_PUMP_INFUS_MDS', 'MDC']])
      .toString();
    const answer = await send(message);
    expect(answer.code).toBe('AR');
    expect(answer.errors[0]).toMatchObject({ code: '200' });
  });

  it('refuses a client without a lab certificate under mutual TLS', async () => {
    const anonymous = new MllpClient({
      host: '127.0.0.1',
      port,
      tls: { material: loadTlsTrust(stateDir), policy: { checkRevocation: false } },
      connectTimeoutMs: 5_000,
      responseTimeoutMs: 5_000,
    });
    const failure = await anonymous
      .send(adt({ clock }, 'A01', { mrn: 'MRN000305', unit: 'ICU' }))
      .catch((e: unknown) => e);
    await anonymous.close();
    expect(isPumplabError(failure)).toBe(true);
    expect(patient('MRN000305')).toBeUndefined();
  });
});
