import { deliveryStates, type DeliveryState } from '../../contract/pump-messages.ts';

/**
 * The operational status enumeration of MDC_PUMP_STAT (IHE PCD TF-3 Rev 8.0 Table 7.1.3-1:
 * "pump-status-infusing", "pump-status-kvo", "pump-status-ready", "pump-status-standby",
 * "pump-status-paused") and the lab's delivery states.
 *
 * TF-3 has no value for a completed infusion or a pump stopped by an alarm, so OBX-5 carries the
 * nearest TF-3 value as the primary code and the lab's exact state as the CWE alternate code in a
 * local coding system (HL7 table 0396: `99zzz` is for locally defined codes). A receiver that knows
 * only TF-3 reads the primary; the lab's EHR reads the alternate.
 */
export const labStateSystem = '99PUMPLAB';

const toTf3: Readonly<Record<DeliveryState, string>> = {
  standby: 'pump-status-standby',
  programming: 'pump-status-ready',
  infusing: 'pump-status-infusing',
  paused: 'pump-status-paused',
  kvo: 'pump-status-kvo',
  complete: 'pump-status-standby',
  alarm: 'pump-status-paused',
};

/** OBX-5 (CWE) of the MDC_PUMP_STAT observation for a lab delivery state. */
export function pumpStatusCwe(state: DeliveryState): string[] {
  return ['', toTf3[state], 'MDC', state, state, labStateSystem];
}

const fromTf3: Readonly<Record<string, DeliveryState>> = {
  'pump-status-standby': 'standby',
  'pump-status-ready': 'programming',
  'pump-status-infusing': 'infusing',
  'pump-status-paused': 'paused',
  'pump-status-kvo': 'kvo',
};

/**
 * The lab state an MDC_PUMP_STAT (or IPEC MDC_PUMP_INFUSING_STATUS) value stands for: the local
 * alternate when present, else the TF-3 value; undefined for values that name no single state
 * (IPEC's "pump-status-not-infusing").
 */
export function stateOfPumpStatus(
  primary: string,
  alternate: string,
  alternateSystem: string,
): DeliveryState | undefined {
  if (alternateSystem === labStateSystem && (deliveryStates as readonly string[]).includes(alternate)) {
    return alternate as DeliveryState;
  }
  return fromTf3[primary];
}
