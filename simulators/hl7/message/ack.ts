import type { AckCode } from './acknowledgement-plan.ts';
import { Hl7Builder, type Hl7HeaderOptions } from './hl7-build.ts';
import { hl7ErrorText, type Hl7Issue } from './hl7-issue.ts';
import type { ParsedHl7 } from './hl7-parse.ts';

/** Who answers: the receiving application and facility of the original (MSH-3/4 of the ACK). */
export interface Hl7Responder {
  app: string | readonly string[];
  facility: string | readonly string[];
}

export interface AckOptions {
  code: AckCode;
  /** One ERR segment each (HL7 2.14.5). */
  errors?: readonly Hl7Issue[];
  responder: Hl7Responder;
  /** MSH-9 of the answer; default `ACK^<event of the original>^ACK` (HL7 v2.6 2.14.1). */
  messageType?: string;
  /** MSH-10 of the answer; default `A` + the original's control id (unique as the original is). */
  controlId?: string;
  /** MSH-7: epoch milliseconds from the caller's clock, or a DTM; default the wall clock. */
  timestamp?: number | string;
  timestampOffsetMinutes?: number;
}

/**
 * The MSH of an answer to `parsed`: sender and receiver swapped (MSH-3/4 are the responder, MSH-5/6
 * the original's MSH-3/4), MSH-11 processing id and MSH-12 version as received.
 */
export function answerHeader(
  parsed: ParsedHl7,
  options: Pick<
    AckOptions,
    'responder' | 'messageType' | 'controlId' | 'timestamp' | 'timestampOffsetMinutes'
  >,
): Hl7HeaderOptions {
  return {
    sendingApp: options.responder.app,
    sendingFacility: options.responder.facility,
    receivingApp: parsed.sending.application,
    receivingFacility: parsed.sending.facility,
    messageType: options.messageType ?? `ACK^${parsed.triggerEvent}^ACK`,
    controlId: options.controlId ?? `A${parsed.controlId}`.slice(0, 20),
    timestamp: options.timestamp ?? Date.now(),
    timestampOffsetMinutes: options.timestampOffsetMinutes,
    processingId: parsed.processingId || 'P',
    version: parsed.version || '2.6',
  };
}

/**
 * Appends MSA (MSA-1 code, MSA-2 the original's MSH-10, HL7 2.14.8) and one ERR per issue: ERR-2
 * location (ERL), ERR-3 code^table text^HL70357, ERR-4 severity (table 0516), ERR-8 the issue's own
 * text for the user. The PCD builders use it for RRG^O16, whose MSA/ERR follow the same rules.
 */
export function appendAcknowledgement(
  builder: Hl7Builder,
  parsed: ParsedHl7,
  code: AckCode,
  errors: readonly Hl7Issue[] = [],
): Hl7Builder {
  builder.segment('MSA', [code, parsed.controlId]);
  for (const issue of errors) builder.segment('ERR', errFields(issue));
  return builder;
}

/** The fields of one ERR segment (HL7 v2.6 2.14.5), from ERR-1. */
export function errFields(issue: Hl7Issue): (string | string[] | undefined)[] {
  return [
    undefined, // ERR-1 is kept for backward compatibility only (B)
    issue.location === undefined ? undefined : issue.location.split('^'),
    [issue.code, hl7ErrorText(issue.code), 'HL70357'],
    issue.severity,
    undefined,
    undefined,
    undefined,
    issue.text,
  ];
}

/**
 * The general acknowledgement (ACK) of a parsed message, original or enhanced mode.
 *
 * @example
 * buildAck(parsed, { code: 'AE', responder: { app: 'EHR', facility: 'LAB' },
 *   errors: [{ code: '101', severity: 'E', location: 'PID^1^3', text: 'PID-3 is empty' }] })
 */
export function buildAck(parsed: ParsedHl7, options: AckOptions): string {
  return appendAcknowledgement(
    new Hl7Builder(answerHeader(parsed, options)),
    parsed,
    options.code,
    options.errors,
  ).toString();
}
