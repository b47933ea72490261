/**
 * The pump server under test, in its own process (`node --import tsx pump-server-target.ts
 * <stateDir>`): starts it with its HL7 side (mutual TLS, lab certs), admits 50 patients over its own
 * PCD ADT listener, and tells the parent where that listener is. No pump is connected, so every
 * RGV^O15 is refused at the pump check (IHE PCD TF-2 B.3: unknown pump) after the patient check:
 * the refusal path, answered RRG^O16 with ERR. Answers 'cpu' with its CPU time; stops on anything else.
 */
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { MllpClient } from '../../simulators/hl7/mllp/mllp-client.ts';
import { buildAdt } from '../../simulators/hl7/pcd/adt.ts';
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';

/** What the child tells its parent once it listens. */
export interface PumpServerTargetReady {
  port: number;
  mrns: string[];
}

const stateDir = process.argv[2];
if (stateDir === undefined) throw new Error('usage: pump-server-target.ts <stateDir>');
const server = new PumpServer({ stateDir, hl7: {} });
const { hl7 } = await server.start({ host: '127.0.0.1', mqttPort: 0 });
if (!hl7) throw new Error('the pump server started without its HL7 listener');
const adtLink = new MllpClient({
  host: '127.0.0.1',
  port: hl7.port,
  tls: { material: loadTlsMaterial(stateDir, 'ehr'), policy: { checkRevocation: false } },
});
const mrns = Array.from({ length: 50 }, (_, index) => `MRN${String(900_000 + index)}`);
for (const [index, mrn] of mrns.entries()) {
  await adtLink.send(
    buildAdt('A01', {
      patient: { mrn, name: { family: 'Bench', given: `Patient${index}` }, weightKg: 70 },
      location: { unit: 'ICU', room: String(index), bed: 'A' },
      visit: `V-${mrn}`,
      controlId: `ADT${index}`,
      at: Date.now(),
      sender: { application: 'EHR', facility: 'PUMPLAB' },
      receiver: { application: 'PUMPSRV', facility: 'PUMPLAB' },
    }),
  );
}
await adtLink.close();
const ready: PumpServerTargetReady = { port: hl7.port, mrns };
process.send?.(ready);
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  else void server.close().then(() => process.exit(0));
});
