/**
 * The lab's HL7 applications as MSH-3/4 and MSH-5/6 name them (simulators/poc/workstation.ts,
 * simulators/pump-server/hl7/hl7-options.ts): who a spoofed message claims to be, and to whom.
 */
export const hl7Parties = {
  pointOfCare: { application: 'POC', facility: 'PUMPLAB' },
  pumpServer: { application: 'PUMPSRV', facility: 'PUMPLAB' },
  ehr: { application: 'EHR', facility: 'PUMPLAB' },
} as const;
