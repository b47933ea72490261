import type { Scenario } from '../catalog/scenario-schema.ts';

/** One framework a scenario maps to, with the ids it cites. */
export interface MappingRow {
  framework: string;
  ids: string[];
}

/**
 * A scenario's mappings in the order a compliance reader expects them: the guide itself, then the
 * CSF, SP 800-53, the HIPAA Security Rule and ATT&CK for ICS.
 * @example mappingRows(scenario)[0] // { framework: 'NIST SP 1800-8', ids: ['Vol B 3.1'] }
 */
export function mappingRows(scenario: Scenario): MappingRow[] {
  const { mappings } = scenario;
  return [
    { framework: 'NIST SP 1800-8', ids: mappings.sp1800_8 },
    { framework: 'NIST CSF 1.1', ids: mappings.csf },
    { framework: 'NIST SP 800-53', ids: mappings.sp800_53 },
    { framework: 'HIPAA Security Rule', ids: mappings.hipaa },
    { framework: 'MITRE ATT&CK for ICS', ids: mappings.attack_ics },
  ];
}
