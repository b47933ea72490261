import { createHash } from 'node:crypto';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';

/**
 * The equipment instance identifier (OBX-18, EI) of a pump, as IHE PCD TF-2 Appendix C.5 lays it
 * out: EI-1 the instance (the pump's serial), EI-2 the model, EI-3 an EUI-64 as 16 hex digits and
 * EI-4 `EUI-64` ("any IHE PCD system running in a production environment shall only use an EUI-64").
 */
export interface EquipmentId {
  /** The pump's own identifier: its serial (EI-1), or EI-3 under the deprecated PIV convention. */
  id: string;
  model?: string;
  /** EI-3 when EI-4 names a universal id system (EUI-64, ISO, URN). */
  universalId?: string;
  universalIdType?: string;
}

/**
 * A stable EUI-64 for a lab pump: the lab has no IEEE company_id, so it uses a locally administered
 * prefix (0x02 bit set in the first octet, IEEE 802 local assignment) followed by 40 bits of the
 * SHA-256 of the serial. Same serial, same identifier, every run.
 *
 * @example labEui64('P-0001') // '02504C' + 10 hex digits
 */
export function labEui64(serial: string): string {
  const digest = createHash('sha256').update(serial, 'utf8').digest('hex').slice(0, 10);
  return `02504C${digest}`.toUpperCase();
}

/** OBX-18 components for a pump: `serial^model^EUI64^EUI-64`. */
export function pumpEquipmentEi(serial: string, model: string): string[] {
  return [serial, model, labEui64(serial), 'EUI-64'];
}

const universalIdTypes = new Set(['EUI-64', 'ISO', 'URN', 'DNS', 'UUID']);

/**
 * Reads an EI field (OBX-18). When EI-1 is empty and EI-4 is not a universal id type, the field
 * follows the deprecated PIV convention (TF-2 3.3.4.4.9 OBX-18: "the ID is placed in the 'Universal
 * ID' component (EI-3), and the device or manufacturer name is placed in ... (EI-4)"), as in the TF-2
 * E.2.3 sample `^^A0001^PUMPVENDOR`.
 */
export function readEquipmentId(view: Hl7SegmentView, n = 18): EquipmentId | undefined {
  const [ei1, ei2, ei3, ei4] = [1, 2, 3, 4].map((c) => view.component(n, c)) as [
    string,
    string,
    string,
    string,
  ];
  if (ei1 !== '') {
    return {
      id: ei1,
      ...(ei2 === '' ? {} : { model: ei2 }),
      ...(ei3 === '' ? {} : { universalId: ei3 }),
      ...(ei4 === '' ? {} : { universalIdType: ei4 }),
    };
  }
  if (ei3 !== '' && !universalIdTypes.has(ei4)) return { id: ei3, ...(ei4 === '' ? {} : { model: ei4 }) };
  return undefined;
}
