import type { Clock } from '../../core/clock.ts';
import { isPumplabError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { buildAck, type Hl7Responder } from '../hl7/message/ack.ts';
import type { Hl7Issue } from '../hl7/message/hl7-issue.ts';
import type { ParsedHl7 } from '../hl7/message/hl7-parse.ts';
import type { MllpContext, MllpHandler } from '../hl7/mllp/mllp-responder.ts';
import { parsePcd01 } from '../hl7/pcd/pcd01-read.ts';
import { parsePcd04 } from '../hl7/pcd/pcd04-read.ts';
import { answerCode, type IntakeOutcome } from './answer-code.ts';
import { alarmEntry, observationEntry } from './chart-entries.ts';
import type { ChartEntry, ChartFiling, ChartStore } from './chart-store.ts';
import type { Ward } from './ward.ts';

/** What the intake reads and writes. */
export interface PcdIntakeOptions {
  ward: Pick<Ward, 'find'>;
  chart: Pick<ChartStore, 'file'>;
  /** MSH-3/4 of the EHR's acknowledgements. */
  responder: Hl7Responder;
  clock: Clock;
  logger: Logger;
}

/** A report read into a chart entry, not yet matched to a patient. */
type Reading = ChartEntry & { mrn: string | undefined };

/** The transactions the EHR consumes, by MSH-9.1^9.2: [PCD-01] and [PCD-04] (IHE PCD TF-2 3.1, 3.4). */
const readers: Readonly<Record<string, (parsed: ParsedHl7, receivedAt: number) => Reading>> = {
  'ORU^R01': (parsed, receivedAt) => {
    const observation = parsePcd01(parsed);
    return {
      kind: 'observation',
      mrn: observation.patient?.mrn,
      entry: observationEntry(observation, receivedAt),
    };
  },
  'ORU^R40': (parsed, receivedAt) => {
    const alert = parsePcd04(parsed);
    return { kind: 'alarm', mrn: alert.patient?.mrn, entry: alarmEntry(alert, receivedAt) };
  },
};

const pidLocation = 'PID^1^3';

/**
 * The EHR's HL7 handler: charts each [PCD-01] observation and [PCD-04] alert under its patient and
 * answers only after the chart entry is committed. An unknown patient is answered AE (CE) with ERR
 * 204 "unknown key identifier" at PID-3; a report without PID-3, 101; content that does not fit
 * its OBX-3, the parser's 102 at the field; another message type, AR (CR) 200. Logs carry the
 * control id, the pump and the outcome, never the patient.
 *
 * @example await startMllpServer({ handler: pcdIntake({ ward, chart, responder, clock, logger }) });
 */
export function pcdIntake(options: PcdIntakeOptions): MllpHandler {
  const logger = options.logger.child({ component: 'ehr-intake' });
  return async (parsed, context) => {
    const receivedAt = options.clock.now();
    const answer = (outcome: IntakeOutcome, errors: Hl7Issue[] = []): string => {
      const code = answerCode(context.plan, outcome);
      const level = outcome === 'accepted' ? 'debug' : 'info';
      logger[level](
        { controlId: parsed.controlId, type: parsed.messageType, code, errors: errors.map((e) => e.code) },
        'PCD message answered',
      );
      return buildAck(parsed, {
        code,
        errors: [...errors, ...context.warnings],
        responder: options.responder,
        timestamp: receivedAt,
      });
    };
    const type = `${parsed.messageCode}^${parsed.triggerEvent}`;
    const read = readers[type];
    if (!read) return answer('rejected', [unsupported(type)]);
    let reading: Reading;
    try {
      reading = read(parsed, receivedAt);
    } catch (error) {
      return answer('error', [contentIssue(error)]);
    }
    if (reading.mrn === undefined) return answer('error', [noPatient()]);
    if (!options.ward.find(reading.mrn)) return answer('error', [unknownPatient()]);
    const filing: ChartFiling = { ...reading, mrn: reading.mrn, sender: senderOf(parsed) };
    return file(options, filing, context, answer);
  };
}

/** Commits the entry; a failed write is answered AE (CE) 207 so the sender keeps the message. */
function file(
  options: PcdIntakeOptions,
  filing: ChartFiling,
  context: MllpContext,
  answer: (outcome: IntakeOutcome, errors?: Hl7Issue[]) => string,
): string {
  try {
    options.chart.file(filing);
  } catch (error) {
    options.logger.error(
      { err: error, controlId: filing.entry.controlId, peer: context.peer },
      'chart write failed',
    );
    return answer('error', [
      { code: '207', severity: 'E', text: 'The EHR could not store the report; send it again.' },
    ]);
  }
  return answer('accepted');
}

/** Who sent it (MSH-3 and MSH-4): with MSH-10, what makes a message unique (HL7 2.14.9.10). */
const senderOf = (parsed: ParsedHl7): string => `${parsed.sending.application}|${parsed.sending.facility}`;

function unsupported(type: string): Hl7Issue {
  return {
    code: '200',
    severity: 'E',
    location: 'MSH^1^9',
    text: `The EHR takes ORU^R01 (PCD-01) and ORU^R40 (PCD-04), not ${type}.`,
  };
}

function noPatient(): Hl7Issue {
  return {
    code: '101',
    severity: 'E',
    location: pidLocation,
    text: 'PID-3 (the patient identifier) is required: the EHR charts per patient.',
  };
}

function unknownPatient(): Hl7Issue {
  return {
    code: '204',
    severity: 'E',
    location: pidLocation,
    text: 'The EHR knows no patient by that identifier.',
  };
}

/** The parser's verdict as ERR: its table 0357 code and ERR-2 location (HL7_CONTENT_INVALID). */
function contentIssue(error: unknown): Hl7Issue {
  if (!isPumplabError(error)) throw error;
  const code = error.details['hl7ErrorCode'];
  const location = error.details['location'];
  return {
    code: typeof code === 'string' ? code : '102',
    severity: 'E',
    ...(typeof location === 'string' ? { location } : {}),
    text: error.message.slice(0, 200),
  };
}
