import type { ErrorCode } from '../../../core/errors.ts';
import type { Hl7ErrorCode } from '../../hl7/message/hl7-issue.ts';
import { pivErrorForReason, type PivError, type PivErrorCode } from '../../hl7/pcd/piv-errors.ts';

/** What became of a [PCD-03] order: what the RRG^O16 reports, and nothing the pump did not do. */
export type OrderOutcome =
  | {
      accepted: true;
      serial: string;
      infusionId: string;
      /** The rate the pump will run, mL/h, as the pump computed it. */
      rate: number | undefined;
      /** Whether the infusion started at once (the `autoStart` posture) or waits for confirmStart. */
      started: boolean;
    }
  | {
      accepted: false;
      /** A catalogue code (core/errors.ts) or the pump's reason; `HL7_CONTENT_INVALID` for a bad order. */
      reason: string;
      errors: PivError[];
    };

/**
 * How each refusal the pump server makes itself reads in the RRG^O16 ERR (IHE PCD TF-2 Appendix B.3):
 * HL7 table 0357 code (204 unknown key for a patient or pump the server does not know), the PIV
 * application error and where in the RGV^O15 the problem is.
 */
const serverRefusals: Partial<
  Record<ErrorCode, { code: Hl7ErrorCode; application: PivErrorCode; segment?: string; field?: number }>
> = {
  HL7_UNKNOWN_PATIENT: { code: '204', application: '9031', segment: 'PID', field: 3 },
  HL7_PATIENT_NOT_ADMITTED: { code: '207', application: '9031', segment: 'PID', field: 3 },
  HL7_UNKNOWN_PUMP: { code: '204', application: '9001', segment: 'OBX', field: 18 },
  HL7_PUMP_OFFLINE: { code: '207', application: '9007', segment: 'OBX', field: 18 },
  HL7_CARE_AREA_MISMATCH: { code: '207', application: '9021' },
  HL7_WEIGHT_MISMATCH: { code: '207', application: '9011', segment: 'OBX' },
};

/**
 * A refusal for `reason` with its one ERR entry: the server's own reasons from the table above, a
 * pump's (and the command timeout) through pivErrorForReason. `detail` goes into ERR-5.9; it must not
 * hold PHI (the RRG^O16 is PHI-bearing, the logs are not, and details get logged).
 *
 * @example refusal('HL7_UNKNOWN_PUMP', 'PL00042 is not in the inventory')
 */
export function refusal(reason: string, detail?: string): OrderOutcome & { accepted: false } {
  const known = serverRefusals[reason as ErrorCode];
  const error: PivError = known
    ? {
        code: known.code,
        severity: 'E',
        application: known.application,
        ...(known.segment ? { location: { segment: known.segment, sequence: 1, field: known.field } } : {}),
        ...(detail === undefined ? {} : { detail }),
      }
    : pivErrorForReason(reason, detail);
  return { accepted: false, reason, errors: [error] };
}

/**
 * The refusal for a pump's rejection of the program command. A rate that disagrees with the dose rate
 * converted at the pump's library concentration means the bag ordered is not the library's: TF-2 B.3
 * 9018 (parameter does not match drug library) rather than the generic 9004.
 */
export function pumpRefusal(
  reason: string,
  detail: Readonly<Record<string, string | number | boolean>> | undefined,
): OrderOutcome & { accepted: false } {
  const text = describe(reason, detail);
  if (reason === 'PUMP_PROGRAM_INVALID' && detail?.['rateFromDose'] !== undefined) {
    return {
      accepted: false,
      reason,
      errors: [{ code: '207', severity: 'E', application: '9018', parameter: 'RXG-17', detail: text }],
    };
  }
  return refusal(reason, text);
}

/** `PUMP_HARD_LIMIT: limit=hardMax value=100 bound=80 unit=mcg/kg/min`: the pump's numbers, no PHI. */
function describe(
  reason: string,
  detail: Readonly<Record<string, string | number | boolean>> | undefined,
): string {
  const parts = Object.entries(detail ?? {}).map(([key, value]) => `${key}=${String(value)}`);
  return [reason, parts.join(' ')].filter(Boolean).join(': ');
}
