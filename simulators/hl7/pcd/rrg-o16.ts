import { pcdMessage } from './pcd-message.ts';
import { z } from 'zod';
import { isPumplabError } from '../../../core/errors.ts';
import type { ParsedHl7 } from '../message/hl7-parse.ts';
import { pidFields, readPatient, type PatientIdentity } from './patient-segments.ts';
import { expectMessageType, readField, readTime, withoutUndefined, type Hl7Party } from './pcd-fields.ts';
import { pcdProfiles } from './pcd-profiles.ts';
import { errFields, readErr, type PivError } from './piv-errors.ts';

/** How the pump server answers an order. */
export interface RrgO16Options {
  accepted: boolean;
  /** ERR entries when not accepted (TF-2 B.3); e.g. from parseRgvO15 or pivErrorForReason. */
  errors?: readonly PivError[];
  /**
   * MSA-1 for a refusal (HL7 table 0008): AE, application error, or AR, application reject. By
   * default AE when an ERR names a message error (table 0357 1xx/2xx other than 207), else AR, the
   * code TF-2 E.2.3 uses for a drug missing from the library.
   */
  ackCode?: 'AE' | 'AR';
  controlId: string;
  at: number;
  offsetMinutes?: number;
  /** The answering end; by default the order's receiving end (MSH-5/6). */
  sender?: Hl7Party;
}

/**
 * Builds the [PCD-03] application acknowledgement RRG^O16^RRG_O16 (IHE PCD TF-2 3.3.5) for a
 * received RGV^O15: MSH (MSH-15 AL, MSH-16 NE as TF-2 3.3.4.4.1 recommends for the IOC), MSA with
 * MSA-2 echoing the order's MSH-10, one ERR per problem, then PID and ORC (ORC-1 OK or UA, HL7 table
 * 0119) when the order carried them.
 *
 * @example buildRrgO16(parsedOrder, { accepted: false, errors: [pivErrorForReason('PUMP_HARD_LIMIT')],
 *   controlId: 'A9', at: clock.now() })
 */
export function buildRrgO16(original: ParsedHl7, options: RrgO16Options): string {
  const errors = options.accepted ? [] : (options.errors ?? []);
  const messageError = errors.some((e) => e.code !== '207' && e.code !== '0');
  const ack = options.accepted ? 'AA' : (options.ackCode ?? (messageError ? 'AE' : 'AR'));
  const sender = options.sender ?? {
    application: original.receiving.application,
    facility: original.receiving.facility,
  };
  // The PCD profiles are written against HL7 v2.6 (TF-2 B.1 MSH-12), whatever the order used.
  const builder = pcdMessage({
    sender,
    receiver: { application: original.sending.application, facility: original.sending.facility },
    messageType: 'RRG^O16^RRG_O16',
    controlId: options.controlId,
    at: options.at,
    offsetMinutes: options.offsetMinutes,
    profile: pcdProfiles.rrgO16,
  });
  builder.segment('MSA', [ack, original.controlId]);
  for (const error of errors) builder.segment('ERR', errFields(error));
  const patient = patientOf(original);
  if (patient) builder.segment('PID', pidFields(patient));
  const placer = original.segment('ORC')?.component(2, 1) ?? '';
  if (placer !== '') builder.segment('ORC', [options.accepted ? 'OK' : 'UA', [placer]]);
  return builder.toString();
}

/** The order's patient, when its PID can be read (a refusal may be about that very PID). */
function patientOf(original: ParsedHl7): PatientIdentity | undefined {
  try {
    return readPatient(original);
  } catch (error) {
    if (isPumplabError(error)) return undefined;
    throw error;
  }
}

const errorSchema = z.object({
  code: z.string().min(1),
  severity: z.enum(['E', 'W', 'I', 'F']),
  location: z.object({ segment: z.string() }).passthrough().optional(),
  application: z.string().optional(),
  parameter: z.string().optional(),
  detail: z.string().optional(),
});

export const rrgO16Schema = z.object({
  controlId: z.string(),
  sentAt: z.object({ ms: z.number(), offsetMinutes: z.number().optional() }),
  /** MSA-1 (HL7 table 0008) and MSA-2, the order's control id. */
  ackCode: z.enum(['AA', 'AE', 'AR']),
  acknowledgedControlId: z.string().min(1),
  accepted: z.boolean(),
  errors: z.array(errorSchema),
  placerOrderNumber: z.string().optional(),
  patientMrn: z.string().optional(),
});
/** What the point-of-care system learns from the pump server's answer. */
export type RrgO16 = Omit<z.infer<typeof rrgO16Schema>, 'errors'> & { errors: PivError[] };

/**
 * Reads an RRG^O16 application acknowledgement (TF-2 3.3.5).
 *
 * @throws PumplabError HL7_MESSAGE_TYPE_UNEXPECTED, or HL7_CONTENT_INVALID when MSA is missing or
 *   MSA-1 is not AA, AE or AR.
 */
export function parseRrgO16(parsed: ParsedHl7): RrgO16 {
  expectMessageType(parsed, ['RRG^O16']);
  const msa = parsed.segment('MSA');
  const errors = parsed.segments('ERR').map(readErr);
  const placer = parsed.segment('ORC')?.component(2, 1) ?? '';
  const ackCode = msa?.field(1) ?? '';
  const candidate = withoutUndefined({
    controlId: parsed.controlId,
    sentAt: readTime(parsed.timestamp),
    ackCode,
    acknowledgedControlId: msa?.field(2) ?? '',
    accepted: ackCode === 'AA',
    errors,
    placerOrderNumber: placer === '' ? undefined : placer,
    patientMrn: parsed.segment('PID')?.component(3, 1) || undefined,
  });
  const result = readField(rrgO16Schema, msa ?? parsed.header, 1, candidate);
  return { ...result, errors };
}
