import { hl7Location, type Hl7Issue } from './hl7-issue.ts';
import type { ParsedHl7 } from './hl7-parse.ts';
import { any, group, matchGrammar, one, opt, some, type GrammarItem } from './segment-grammar.ts';

/**
 * The one place that knows the structure of every message the lab handles: HL7 v2.6 abstract
 * message syntax (chapters 2, 3, 4A, 7), narrowed where the IHE PCD Technical Framework vol. 2 is
 * (PCD-01 ORU^R01, PCD-03 RGV^O15 / RRG^O16, PCD-04 ORU^R40), plus ADT A01/A02/A03/A08.
 */

const sft = any('SFT');
const visit = group('PATIENT_VISIT', 0, 1, [one('PV1'), opt('PV2')]);
const timing = (name: string, min: 0 | 1) => group(name, min, Infinity, [one('TQ1'), any('TQ2')]);

/** ORU^R01 and ORU^R40 share one shape (HL7 v2.6 7.3.1; IHE PCD TF-2 3.1 and 3.4). */
const observationResult: readonly GrammarItem[] = [
  one('MSH'),
  sft,
  group('PATIENT_RESULT', 1, Infinity, [
    group('PATIENT', 0, 1, [one('PID'), opt('PD1'), any('NTE'), any('NK1'), visit]),
    group('ORDER_OBSERVATION', 1, Infinity, [
      opt('ORC'),
      one('OBR'),
      any('NTE'),
      timing('TIMING_QTY', 0),
      opt('CTD'),
      group('OBSERVATION', 0, Infinity, [one('OBX'), any('NTE')]),
      any('PRT'),
    ]),
  ]),
  opt('DSC'),
];

/** RGV^O15, pharmacy give (HL7 v2.6 4A.3.9); IHE PCD-03 sends PID, [PV1], ORC, RXG, RXR, OBX. */
const pharmacyGive: readonly GrammarItem[] = [
  one('MSH'),
  sft,
  any('NTE'),
  group('PATIENT', 0, 1, [one('PID'), any('NTE'), any('AL1'), visit]),
  group('ORDER', 1, Infinity, [
    one('ORC'),
    timing('TIMING', 0),
    group('ORDER_DETAIL', 0, 1, [one('RXO'), any('NTE'), any('RXR'), any('RXC')]),
    group('ENCODING', 0, 1, [one('RXE'), timing('TIMING_ENCODED', 0), any('RXR'), any('RXC')]),
    group('GIVE', 1, Infinity, [
      one('RXG'),
      timing('TIMING_GIVE', 0),
      some('RXR'),
      any('RXC'),
      group('OBSERVATION', 0, Infinity, [one('OBX'), any('NTE')]),
    ]),
  ]),
];

/** RRG^O16, the application acknowledgement of RGV^O15 (HL7 v2.6 4A.3.10). */
const pharmacyGiveAck: readonly GrammarItem[] = [
  one('MSH'),
  one('MSA'),
  any('ERR'),
  sft,
  any('NTE'),
  group('RESPONSE', 0, 1, [
    group('PATIENT', 0, 1, [one('PID'), any('NTE')]),
    group('ORDER', 1, Infinity, [
      one('ORC'),
      timing('TIMING', 0),
      group('GIVE', 0, 1, [one('RXG'), timing('TIMING_GIVE', 0), some('RXR'), any('RXC')]),
    ]),
  ]),
];

/** ACK, the general acknowledgement (HL7 v2.6 2.14.1). */
const generalAck: readonly GrammarItem[] = [one('MSH'), sft, opt('UAC'), one('MSA'), any('ERR')];

const adtHead = [one('MSH'), sft, opt('UAC'), one('EVN'), one('PID'), opt('PD1'), any('ROL')];
const procedure = group('PROCEDURE', 0, Infinity, [one('PR1'), any('ROL')]);
const insurance = group('INSURANCE', 0, Infinity, [one('IN1'), opt('IN2'), any('IN3'), any('ROL')]);

/** ADT_A01 (A01 admit, A08 update; HL7 v2.6 3.3.1, 3.3.8), ADT_A02 (3.3.2), ADT_A03 (3.3.3). */
const adtA01 = [
  ...adtHead,
  any('NK1'),
  one('PV1'),
  opt('PV2'),
  any('ROL'),
  any('DB1'),
  any('OBX'),
  any('AL1'),
].concat([
  any('DG1'),
  opt('DRG'),
  procedure,
  any('GT1'),
  insurance,
  opt('ACC'),
  opt('UB1'),
  opt('UB2'),
  opt('PDA'),
]);
const adtA02 = [...adtHead, one('PV1'), opt('PV2'), any('ROL'), any('DB1'), any('OBX'), opt('PDA')];
const adtA03 = [
  ...adtHead,
  any('NK1'),
  one('PV1'),
  opt('PV2'),
  any('ROL'),
  any('DB1'),
  any('AL1'),
  any('DG1'),
].concat([opt('DRG'), procedure, any('OBX'), any('GT1'), insurance, opt('ACC'), opt('PDA')]);

/** Message structures (MSH-9.3, table 0354) and their grammar. */
export const messageStructures: Readonly<Record<string, readonly GrammarItem[]>> = {
  ORU_R01: observationResult,
  ORU_R40: observationResult,
  RGV_O15: pharmacyGive,
  RRG_O16: pharmacyGiveAck,
  ACK: generalAck,
  ADT_A01: adtA01,
  ADT_A02: adtA02,
  ADT_A03: adtA03,
};

/** Message code (MSH-9.1) → trigger event (MSH-9.2) → structure; `*` takes any event. */
export const supportedMessages: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ORU: { R01: 'ORU_R01', R40: 'ORU_R40' },
  RGV: { O15: 'RGV_O15' },
  RRG: { O16: 'RRG_O16' },
  ACK: { '*': 'ACK' },
  ADT: { A01: 'ADT_A01', A02: 'ADT_A02', A03: 'ADT_A03', A08: 'ADT_A01' },
};

/** MSH-12 versions the lab reads (table 0104); IHE PCD messages are 2.6. */
export const supportedVersions: ReadonlySet<string> = new Set(['2.5', '2.5.1', '2.6', '2.7', '2.7.1', '2.8']);

/** Fields HL7 v2.6 marks required (R) in the segments the lab reads, by segment. */
export const requiredFields: Readonly<Record<string, readonly number[]>> = {
  MSH: [7, 9, 10, 11, 12],
  MSA: [1, 2],
  ERR: [3, 4],
  EVN: [2],
  PID: [3, 5],
  PV1: [2],
  ORC: [1],
  OBR: [4],
  OBX: [3, 11],
  RXG: [1, 4],
  RXR: [1],
};

/** Table 0357 codes by which a receiver rejects (AR / CR) rather than errs (AE / CE), HL7 2.9.2.2. */
export const rejectionCodes: ReadonlySet<string> = new Set(['200', '201', '202', '203']);

/**
 * Everything wrong with the shape of a message, as ERR-ready issues: unsupported message type (200),
 * event (201), processing id (202) or version (203); segments out of sequence or missing (100);
 * required fields empty (101). [] when the message fits its structure.
 *
 * @example const issues = validateStructure(parsed); if (issues.some((i) => i.severity === 'E')) ...
 */
export function validateStructure(parsed: ParsedHl7): Hl7Issue[] {
  const header = headerIssues(parsed);
  if (header.some((issue) => rejectionCodes.has(String(issue.code)))) return header;
  const structure = structureOf(parsed) ?? 'ACK';
  const grammar = messageStructures[structure] ?? generalAck;
  return [...header, ...matchGrammar(grammar, parsed.segments()), ...fieldIssues(parsed)];
}

/** The structure id a message's MSH-9 names, per {@link supportedMessages}; undefined if unsupported. */
export function structureOf(parsed: ParsedHl7): string | undefined {
  const events = supportedMessages[parsed.messageCode];
  return events?.[parsed.triggerEvent] ?? events?.['*'];
}

function headerIssues(parsed: ParsedHl7): Hl7Issue[] {
  const issue = (code: string, field: number, text: string, severity: 'E' | 'W' = 'E'): Hl7Issue => ({
    code,
    severity,
    location: hl7Location({ segment: 'MSH', sequence: 1, field }),
    text,
  });
  const issues: Hl7Issue[] = [];
  const events = supportedMessages[parsed.messageCode];
  const structure = structureOf(parsed);
  if (!events)
    issues.push(issue('200', 9, `Message type ${parsed.messageCode || '(empty)'} is not supported.`));
  else if (!structure)
    issues.push(issue('201', 9, `Event ${parsed.triggerEvent || '(empty)'} is not supported.`));
  else if (parsed.messageStructure && structure !== 'ACK' && parsed.messageStructure !== structure) {
    issues.push(issue('200', 9, `MSH-9.3 ${parsed.messageStructure} is not ${structure}.`, 'W'));
  }
  if (parsed.processingId && !['P', 'D', 'T'].includes(parsed.processingId)) {
    issues.push(issue('202', 11, `Processing id ${parsed.processingId} is not P, D or T.`));
  }
  if (parsed.version && !supportedVersions.has(parsed.version)) {
    issues.push(issue('203', 12, `Version ${parsed.version} is not supported.`));
  }
  return issues;
}

function fieldIssues(parsed: ParsedHl7): Hl7Issue[] {
  const issues: Hl7Issue[] = [];
  for (const segment of parsed.segments()) {
    const missing = (requiredFields[segment.name] ?? []).filter((n) => segment.rawField(n) === '');
    // OBX-2 (value type) is required whenever OBX-5 carries a value (HL7 v2.6 7.4.2.2).
    if (segment.name === 'OBX' && segment.rawField(5) !== '' && segment.rawField(2) === '') missing.push(2);
    for (const field of missing) {
      issues.push({
        code: '101',
        severity: 'E',
        location: hl7Location({ segment: segment.name, sequence: segment.sequence, field }),
        text: `${segment.name}-${field} is required.`,
      });
    }
  }
  return issues;
}
