import type { Hl7FieldInput } from '../message/hl7-build.ts';
import {
  hl7ErrorText,
  hl7Location,
  type Hl7ErrorCode,
  type Hl7Issue,
  type Hl7Location,
} from '../message/hl7-issue.ts';
import type { Hl7SegmentView } from '../message/hl7-segment-view.ts';

/**
 * The IHE PCD application error table for [PCD-03] acknowledgements (IHE PCD TF-2 Rev 8.0
 * Appendix B.3, "Use of Error Segment in the PIV Profile"; also wiki.ihe.net PumpErrorCodes).
 * ERR-5.1 carries the code and ERR-5.2 the text.
 */
export const pivErrorTexts = {
  '9001': 'Unknown infuser or channel',
  '9002': 'Infuser/channel is currently infusing',
  '9003': 'Missing required program parameter(s)',
  '9004': 'Invalid program parameter(s)',
  '9005': 'Parameter outside of allowable range',
  '9006': 'Infuser is powered off',
  '9007': 'Infuser is offline or unable to connect to infuser',
  '9008': 'Invalid units for parameter',
  '9009': 'Dose/Rate Units do not match drug library',
  '9010': 'Unable to match medication to drug library',
  '9011': 'Patient weight mismatch',
  '9012': 'Patient ID mismatch',
  '9013': 'Unable to program medication as piggyback',
  '9014': 'Dose rate or VTBI exceeds maximum',
  '9015': 'Request timed out',
  '9016': 'Other error',
  '9017': 'Infuser cannot accept program',
  '9018': 'Parameter does not match drug library',
  '9019': 'Patient weight missing',
  '9020': 'Patient height missing',
  '9021': 'Care area or profile mismatch',
  '9022': 'Requested infusion program is stale',
  '9023': 'Program rejected by user',
  '9024': 'Drug library hard limit exceeded',
  '9025': 'Lockout interval missing',
  '9026': 'Dose limit missing',
  '9027': 'Patient BSA missing',
  '9028': 'Tubing, cassette, or syringe not installed on pump',
  '9029': 'Care area or profile not selected',
  '9030': 'Current medication cannot be interrupted',
  '9031': 'Patient ID missing or invalid',
  '9032': 'Pump is in delayed start',
  '9033': 'Pump is alarming',
} as const;
export type PivErrorCode = keyof typeof pivErrorTexts;

/** One ERR segment of an RRG^O16 (TF-2 Table B.3-1: ERR-2, ERR-3, ERR-4, ERR-5, ERR-6). */
export interface PivError {
  /** ERR-3, HL7 table 0357. */
  code: Hl7ErrorCode;
  /** ERR-4, HL7 table 0516 (TF-2 E.2.3 writes F, fatal). */
  severity: 'E' | 'W' | 'I' | 'F';
  /** ERR-2 (ERL): where in the RGV^O15 the problem is. */
  location?: Hl7Location;
  /** ERR-5.1, the IHE PCD application error code. */
  application?: PivErrorCode;
  /** ERR-6, the parameter the application error names (e.g. `RXG-16`). */
  parameter?: string;
  /** ERR-5.9, more text about the error (TF-2 B.3: "ERR-5.9 can also be used"). */
  detail?: string;
}

/** ERR fields 1..6 for the builder. */
export function errFields(error: PivError): Hl7FieldInput[] {
  const l = error.location;
  const erl =
    l &&
    [l.segment, l.sequence, l.field, l.repetition, l.component, l.subcomponent].map((part) =>
      part === undefined ? undefined : String(part),
    );
  const app = error.application;
  return [
    undefined,
    erl,
    [error.code, hl7ErrorText(error.code), 'HL70357'],
    error.severity,
    app && [app, pivErrorTexts[app], '', '', '', '', '', '', error.detail],
    error.parameter,
  ];
}

/** Reads one ERR segment back (the inverse of {@link errFields}). */
export function readErr(view: Hl7SegmentView): PivError {
  const location = parseErl(view.repetitions(2)[0]?.text ?? '');
  const severity = view.field(4);
  const application = view.component(5, 1);
  const detail = view.component(5, 9);
  return {
    code: (view.component(3, 1) || '207') as Hl7ErrorCode,
    severity: severity === 'W' || severity === 'I' || severity === 'F' ? severity : 'E',
    ...(location ? { location } : {}),
    ...(application in pivErrorTexts ? { application: application as PivErrorCode } : {}),
    ...(view.field(6) === '' ? {} : { parameter: view.field(6) }),
    ...(detail === '' ? {} : { detail }),
  };
}

/** Reads ERL text (`PID^1^8`, HL7 v2.6 2A.27) into a location; undefined when empty. */
export function parseErl(text: string): Hl7Location | undefined {
  const [segment = '', ...rest] = text.split('^');
  if (segment === '') return undefined;
  const keys = ['sequence', 'field', 'repetition', 'component', 'subcomponent'] as const;
  const location: Hl7Location = { segment };
  rest.forEach((part, index) => {
    const key = keys[index];
    if (key && /^\d+$/.test(part)) location[key] = Number(part);
  });
  return location;
}

/**
 * The PIV error for a lab reason code (core/errors.ts codes the pump or pump server reports), as
 * HL7 code 207 (application internal error), the code TF-2 E.2.3 uses for a library mismatch.
 */
export function pivErrorForReason(reason: string, detail?: string): PivError {
  const byReason: Record<string, PivErrorCode> = {
    PUMP_DRUG_NOT_IN_LIBRARY: '9010',
    PUMP_NO_LIBRARY: '9010',
    PUMP_HARD_LIMIT: '9024',
    PUMP_SOFT_LIMIT: '9005',
    PUMP_RATE_OUT_OF_RANGE: '9014',
    PUMP_BUSY: '9002',
    PUMP_INVALID_STATE: '9017',
    PUMP_ALARM_ACTIVE: '9033',
    PUMP_WEIGHT_REQUIRED: '9019',
    PUMP_DOSE_UNSUPPORTED: '9009',
    PUMP_CARE_AREA_UNKNOWN: '9021',
    PUMP_PROGRAM_INVALID: '9004',
    REST_PUMP_NOT_FOUND: '9001',
    BROKER_COMMAND_TIMEOUT: '9015',
  };
  const application = byReason[reason] ?? '9016';
  return { code: '207', severity: 'E', application, ...(detail === undefined ? {} : { detail }) };
}

/**
 * The same problem as an Hl7Issue, for the general ACK (ack.ts) that carries no ERR-5: the PIV
 * code and text go into the user message (ERR-8) instead.
 */
export function pivErrorToIssue(error: PivError): Hl7Issue {
  const app = error.application;
  const text = [app && `${app} ${pivErrorTexts[app]}`, error.parameter, error.detail]
    .filter(Boolean)
    .join(': ');
  return {
    code: error.code,
    severity: error.severity === 'F' ? 'E' : error.severity,
    ...(error.location ? { location: hl7Location(error.location) } : {}),
    text: text || hl7ErrorText(error.code),
  };
}
