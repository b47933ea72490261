import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { z } from 'zod';
import { isPumplabError, PumplabError, type ErrorCode } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';

/** The media type of a problem details body (RFC 9457 3). */
export const problemMediaType = 'application/problem+json';

/** A problem details object (RFC 9457 3.1) with the pumplab extension members (3.2). */
export const problemSchema = z.object({
  /** A URI naming the problem type: one per pumplab error code. */
  type: z.string(),
  /** The status text; the same for every occurrence of the type. */
  title: z.string(),
  status: z.number().int().min(400).max(599),
  /** This occurrence, in a sentence. */
  detail: z.string(),
  /** The request path that failed. */
  instance: z.string().optional(),
  /** The stable pumplab error code (core/errors.ts). */
  code: z.string(),
  /** What the caller can do about it. */
  hint: z.string(),
  /** Facts about this occurrence, e.g. `problems`: the fields that failed validation. */
  details: z.record(z.string(), z.unknown()),
});
/** A problem details body. */
export type Problem = z.infer<typeof problemSchema>;

/**
 * The problem type URI of a code, e.g. REST_BODY_TOO_LARGE →
 * https://pumplab.lab/problems/rest-body-too-large (a lab name; RFC 9457 4 allows non-resolvable URIs).
 */
export const problemType = (code: ErrorCode): string =>
  `https://pumplab.lab/problems/${code.toLowerCase().replaceAll('_', '-')}`;

/** The problem body of a PumplabError; never a stack trace or a cause. */
export function toProblem(error: PumplabError, instance?: string): Problem {
  return {
    type: problemType(error.code),
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    ...(instance === undefined ? {} : { instance }),
    code: error.code,
    hint: error.hint,
    details: { ...error.details },
  };
}

/** Writes `error` as an application/problem+json response. */
export function sendProblem(response: Response, error: PumplabError, instance?: string): void {
  response
    .status(error.status)
    .type(problemMediaType)
    .send(JSON.stringify(toProblem(error, instance)));
}

/** body-parser's error types (its `type` property) and what they mean here. */
const bodyErrors: Record<string, ErrorCode> = {
  'entity.parse.failed': 'REST_MALFORMED_JSON',
  'entity.too.large': 'REST_BODY_TOO_LARGE',
  'encoding.unsupported': 'REST_UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'REST_UNSUPPORTED_MEDIA_TYPE',
  'request.size.invalid': 'REST_MALFORMED_JSON',
};

/** Turns anything thrown into a PumplabError; an unexpected error becomes REST_INTERNAL. */
export function asPumplabError(error: unknown): PumplabError {
  if (isPumplabError(error)) return error;
  const type = typeof error === 'object' && error !== null && 'type' in error ? String(error.type) : '';
  const code = bodyErrors[type];
  if (code === 'REST_BODY_TOO_LARGE') {
    return new PumplabError(code, 'The request body is larger than the server accepts.');
  }
  if (code === 'REST_MALFORMED_JSON') return new PumplabError(code, 'The request body is not valid JSON.');
  if (code) return new PumplabError(code, 'The request body encoding is not supported.');
  return new PumplabError('REST_INTERNAL', 'The server failed to handle the request.', {}, { cause: error });
}

/**
 * The last middleware: every error becomes a problem+json response. Unexpected ones are logged with
 * their stack on the server side and answered with REST_INTERNAL and nothing of the cause; `logPath`
 * says what the log line shows of the path.
 */
export function problemHandler(
  logger: Logger,
  logPath: (request: Request) => string = (request) => request.path,
): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) return next(error);
    const problem = asPumplabError(error);
    const path = logPath(request);
    if (problem.code === 'REST_INTERNAL') logger.error({ err: error, path }, 'request failed');
    else logger.debug({ code: problem.code, path }, 'request refused');
    sendProblem(response, problem, request.originalUrl.split('?')[0]);
  };
}
