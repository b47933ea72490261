/**
 * PCD-03 traffic from a point-of-care system: RGV^O15 orders (propofol by dose rate, with the
 * patient's weight), built by the lab's builder, in original acknowledgement mode, a fresh MSH-10
 * and placer order number each time, for the admitted patients on pump `pumpId`.
 */
import { buildRgvO15 } from '../../simulators/hl7/pcd/pcd03-infusion-order.ts';

const placeholder = 'CTRLIDPLACEHOLDER';

/** MSH-15 and MSH-16 emptied: HL7 original acknowledgement mode. */
function originalMode(message: string): string {
  const [msh = '', ...rest] = message.split('\r');
  const fields = msh.split('|');
  fields[14] = '';
  fields[15] = '';
  return [fields.join('|'), ...rest].join('\r');
}

/** Returns `next(connection)`: an order for the next patient, never sent before. */
export function pcd03Traffic(
  mrns: readonly string[],
  pumpId: string,
  runId: string,
): (index: number) => string {
  const templates = mrns.map((mrn) =>
    originalMode(
      buildRgvO15({
        patient: { mrn, weightKg: 70 },
        order: {
          placerId: placeholder,
          drug: { id: 'propofol', name: 'Propofol 10 mg/mL' },
          doseRate: { value: 50, unit: 'mcg/kg/min' },
          concentration: { amount: 1000, unit: 'mg', volumeMl: 100 },
          vtbi: 100,
        },
        pumpId,
        nurseId: 'N0001',
        controlId: placeholder,
        at: Date.now(),
        sender: { application: 'POC', facility: 'PUMPLAB' },
        receiver: { application: 'PUMPSRV', facility: 'PUMPLAB' },
      }),
    ).split(placeholder),
  );
  let sequence = 0;
  return (index) => {
    sequence += 1;
    const parts = templates[(index + sequence) % templates.length] ?? [];
    return parts.join(`${runId}${sequence}`);
  };
}
