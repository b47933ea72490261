import { ipec, tf2, tf3, type MdcStatus } from './mdc-sources.ts';

/** One ISO/IEEE 11073-10101 term as the lab writes it in OBX-3 (IHE PCD TF-2 Appendix A.1). */
export interface MdcTerm {
  /** Context-free numeric code (CWE-1); 0 when no code could be confirmed. */
  readonly code: number;
  /** Reference id (CWE-2), e.g. `MDC_FLOW_FLUID_PUMP`. */
  readonly refId: string;
  readonly status: MdcStatus;
  /** The publication (and table or sample) the code was checked against. */
  readonly source: string;
}

const term = (code: number, refId: string, status: MdcStatus, source: string): MdcTerm => ({
  code,
  refId,
  status,
  source,
});

/**
 * The objects, metrics and attributes the lab's pump messages use. Every entry names where its
 * code was checked; see mdc-sources.ts for what each status means.
 */
export const mdcTerms = {
  // Containment (TF-3 Table 7.1.1-1; 69985/69986 also in TF-2 E.2.3 and E.3.2 samples)
  pumpMds: term(69985, 'MDC_DEV_PUMP_INFUS_MDS', 'confirmed', `${tf3} Table 7.1.1-1 (1::4449); ${tf2} E.3.2`),
  pumpVmd: term(
    69986,
    'MDC_DEV_PUMP_INFUS_VMD',
    'confirmed',
    `${tf3} Table 7.1.1-1 (1::4450); ${tf2} 3.3.4.4.9`,
  ),
  sourceChannel: term(126977, 'MDC_DEV_PUMP_INFUS_CHAN_SOURCE', 'derived', `${tf3} Table 7.1.1-1 (1::61441)`),
  deliveryChannel: term(
    126978,
    'MDC_DEV_PUMP_INFUS_CHAN_DELIVERY',
    'derived',
    `${tf3} Table 7.1.1-1 (1::61442)`,
  ),
  // Delivery channel metrics (TF-3 Table 7.1.3-1)
  pumpStatus: term(184508, 'MDC_PUMP_STAT', 'derived', `${tf3} Table 7.1.3-1 (2::53436)`),
  flowRate: term(
    157784,
    'MDC_FLOW_FLUID_PUMP',
    'confirmed',
    `${tf3} Tables 7.1.2-1/7.1.3-1 (2::26712); ${ipec}`,
  ),
  // Source channel metrics (TF-3 Table 7.1.2-1 and the IPEC sample, which follows 11073-10101b)
  doseRate: term(157924, 'MDC_RATE_DOSE', 'confirmed', `${ipec} OBX 15`),
  vtbi: term(157884, 'MDC_VOL_FLUID_TBI', 'confirmed', `${ipec} OBX 16 ("Volume Programmed")`),
  volumeDeliveredTotal: term(157993, 'MDC_VOL_FLUID_DELIV_TOTAL', 'confirmed', `${ipec} OBX 17`),
  volumeDelivered: term(157864, 'MDC_VOL_FLUID_DELIV', 'derived', `${tf3} Table 7.1.2-1 (2::26792)`),
  vtbiRemaining: term(157872, 'MDC_VOL_FLUID_TBI_REMAIN', 'confirmed', `${ipec} OBX 18; ${tf3} (2::26800)`),
  timeRemaining: term(157916, 'MDC_TIME_PD_REMAIN', 'confirmed', `${ipec} OBX 19; ${tf3} (2::26844)`),
  drugNameLabel: term(184514, 'MDC_DRUG_NAME_LABEL', 'confirmed', `${ipec} OBX 20`),
  drugNameType: term(184330, 'MDC_DRUG_NAME_TYPE', 'derived', `${tf3} Table 7.1.2-1 (2::53258)`),
  drugConcentration: term(157760, 'MDC_CONC_DRUG', 'confirmed', `${ipec} OBX 21`),
  careArea: term(184516, 'MDC_PUMP_DRUG_LIBRARY_CARE_AREA', 'confirmed', `${ipec} OBX 22`),
  libraryVersion: term(184517, 'MDC_PUMP_DRUG_LIBRARY_VERSION', 'confirmed', `${ipec} OBX 2`),
  // Patient parameters (PCD-03 OBX-3, TF-2 3.3.4.4.9; also in the IPEC sample)
  patientWeight: term(68063, 'MDC_ATTR_PT_WEIGHT', 'confirmed', `${tf2} 3.3.4.4.9 and E.2.3; ${ipec}`),
  // Alert containment (TF-2 Table B.8.5-1, ACM facets)
  alarm: term(196616, 'MDC_EVT_ALARM', 'confirmed', `${tf2} Table B.8.5-1 and E.3.2`),
  alertSource: term(68480, 'MDC_ATTR_ALERT_SOURCE', 'confirmed', `${tf2} Table B.8.5-1`),
  eventPhase: term(68481, 'MDC_ATTR_EVENT_PHASE', 'confirmed', `${tf2} Table B.8.5-1`),
  alarmState: term(68482, 'MDC_ATTR_ALARM_STATE', 'confirmed', `${tf2} Table B.8.5-1`),
  inactivationState: term(68483, 'MDC_ATTR_ALARM_INACTIVATION_STATE', 'confirmed', `${tf2} Table B.8.5-1`),
  alarmPriority: term(68484, 'MDC_ATTR_ALARM_PRIORITY', 'confirmed', `${tf2} Table B.8.5-1`),
  alertType: term(68485, 'MDC_ATTR_ALERT_TYPE', 'confirmed', `${tf2} Table B.8.5-1`),
} as const satisfies Record<string, MdcTerm>;

export type MdcTermName = keyof typeof mdcTerms;

/** OBX-3 (CWE) for a term: `157784^MDC_FLOW_FLUID_PUMP^MDC`. */
export function termCwe(t: MdcTerm): [string, string, string] {
  return [String(t.code), t.refId, 'MDC'];
}

/**
 * Whether an OBX-3 names `t`: by numeric code, or by reference id when the code is 0 (pending) or
 * the sender used another code for the same term (IHE's own samples do both).
 */
export function isTerm(code: string, refId: string, t: MdcTerm): boolean {
  return (t.code !== 0 && code === String(t.code)) || refId === t.refId;
}
