/**
 * MSH-21 message profile identifiers (EI) of the IHE PCD transactions: the OIDs are those assigned
 * in IHE PCD TF-2 Rev 8.0 Appendix B.1 (MSH-21 table). EI-1 is only for human readers (TF-2 B.1:
 * "shall play no role in processing"); receivers match EI-3.
 *
 * TF-2's own E.3 samples disagree on the PCD-04 OID (1.3.6.1.4.1.19376.1.6.4.4.1 in one,
 * 1.3.6.1.4.1.19376.1.6.1.4.1 in another); the lab writes the one in the B.1 table.
 */
export const pcdProfiles = {
  /** [PCD-01] Communicate PCD Data, ORU^R01^ORU_R01. */
  pcd01: ['IHE_PCD_001', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.1.1', 'ISO'],
  /** [PCD-03] Communicate Infusion Order, RGV^O15^RGV_O15. */
  pcd03: ['IHE_PCD_003', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.3.1', 'ISO'],
  /** [PCD-03] application acknowledgement, RRG^O16^RRG_O16. */
  rrgO16: ['IHE_PCD_003', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.3.2', 'ISO'],
  /** [PCD-04] Report Alert, ORU^R40^ORU_R40. */
  pcd04: ['IHE_PCD_ACM_001', 'IHE PCD', '1.3.6.1.4.1.19376.1.6.1.4.1', 'ISO'],
} as const satisfies Record<string, readonly [string, string, string, string]>;

/** HL7 version the PCD profiles are written against (TF-2 B.1 MSH-12: "based on HL7 V2.6"). */
export const pcdHl7Version = '2.6';
