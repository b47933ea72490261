import type { AlarmCode } from '../../contract/pump-messages.ts';
import { tf2 } from './mdc-sources.ts';
import type { MdcTerm } from './mdc-terms.ts';

/**
 * The alert conditions (partition 3, MDC_EVT_*) for the lab's pump alarm codes, written in OBX-5 of
 * the PCD-04 event-identification OBX (TF-2 Table B.8.5-1: for technical alarms OBX-3 is
 * 196616^MDC_EVT_ALARM^MDC and OBX-5 carries the specific condition).
 *
 * Only occlusion is confirmed by an IHE text (TF-2 E.3.2). See the `source` of each entry.
 */
export const alarmTerms: Readonly<Record<AlarmCode, MdcTerm>> = {
  occlusion: {
    code: 196940,
    refId: 'MDC_EVT_FLUID_LINE_OCCL',
    status: 'confirmed',
    source: `${tf2} E.3.2 (infusion pump occlusion sample)`,
  },
  'air-in-line': {
    code: 0,
    refId: 'MDC_EVT_FLUID_LINE_AIR',
    status: 'unconfirmed',
    source: 'reference id seen in third-party pump code only; no code found in TF-2/TF-3/IPEC',
  },
  'battery-low': {
    code: 196802,
    refId: 'MDC_EVT_BATT_LO',
    status: 'secondary',
    source: 'third-party SDC library constant (3::194); not in TF-2/TF-3/IPEC',
  },
  'infusion-complete': {
    code: 197332,
    refId: 'MDC_EVT_VOL_INFUS_COMP',
    status: 'secondary',
    source:
      'code 3::724 "Infusion volume complete" in HL7 FHIR R5 ballot CodeSystem device-operation-status-reason; reference id not confirmed',
  },
  'communication-lost': {
    code: 0,
    refId: 'MDC_EVT_COMM_STATUS_CHANGE',
    status: 'unconfirmed',
    source: 'IHE IPEC Rev 1.5 Table X.1.2-1 names the event; its code was pending at publication',
  },
};

/** The lab alarm code an OBX-5 condition names, by code or (for pending codes) reference id. */
export function alarmCodeOf(code: string, refId: string): AlarmCode | undefined {
  for (const [alarm, t] of Object.entries(alarmTerms) as [AlarmCode, MdcTerm][]) {
    if ((t.code !== 0 && code === String(t.code)) || refId === t.refId) return alarm;
  }
  return undefined;
}

/** The alarm type the lab reports for each code (TF-2 Table B.8.5-1 facet 7: ST technical, SA advisory). */
export const alertTypeOf: Readonly<Record<AlarmCode, 'ST' | 'SA'>> = {
  occlusion: 'ST',
  'air-in-line': 'ST',
  'battery-low': 'ST',
  'infusion-complete': 'SA',
  'communication-lost': 'ST',
};
