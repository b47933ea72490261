import { isIP } from 'node:net';
import { z } from 'zod';
import { keyTypes } from './keys.ts';
import { leafRoles } from './profiles.ts';
import { PumplabError } from '../core/errors.ts';

/** A name for a certificate in the store: a hostname-like label a shell can pass without quoting. */
export const certificateName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash or underscore; at most 64');

/** What a caller asks the lab CA to issue. The schema is the boundary for CLI and API input alike. */
export const issueRequestSchema = z.object({
  name: certificateName,
  role: z.enum(leafRoles),
  /** Defaults to `name`. */
  commonName: z.string().min(1).max(64).optional(),
  /** A pump's serial: X.520 serialNumber in the subject and `urn:pumplab:pump:SERIAL` in the SAN. */
  deviceSerial: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,32}$/)
    .optional(),
  dnsNames: z.array(z.string().regex(/^[A-Za-z0-9*][A-Za-z0-9.-]*$/)).optional(),
  ipAddresses: z.array(z.string().refine((ip) => isIP(ip) !== 0, 'not an IP address')).optional(),
  keyType: z.enum(keyTypes).optional(),
  /** Overrides for validity; the default is the profile's validity from the clock's now. */
  notBefore: z.date().optional(),
  notAfter: z.date().optional(),
});
export type IssueRequest = z.infer<typeof issueRequestSchema>;

/** Validates an issue request, throwing INPUT_INVALID with every problem listed. */
export function parseIssueRequest(input: unknown): IssueRequest {
  const parsed = issueRequestSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`,
    );
    throw new PumplabError('INPUT_INVALID', `The certificate request is not valid: ${problems.join('; ')}.`, {
      problems,
    });
  }
  const request = parsed.data;
  if (request.role === 'device' && !request.deviceSerial) {
    throw new PumplabError('INPUT_INVALID', 'A device certificate needs the device serial.', {
      problems: ['deviceSerial: required for role device'],
    });
  }
  return request;
}
