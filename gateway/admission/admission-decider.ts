import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { AdmissionLog, AdmissionRecord } from './admission-log.ts';
import type { AdmissionTable } from './admission-table.ts';
import type { AdmissionTrust } from './admission-trust.ts';
import { checkDeviceCertificate, type QuarantineReason } from './device-check.ts';
import { revalidationSuspects } from './revalidation-suspects.ts';

/** What admission decisions read and change. */
export interface AdmissionContext {
  table: AdmissionTable;
  log: AdmissionLog;
  trust: AdmissionTrust;
  /** The topology zone of a source address. */
  zoneOf: (address: string | undefined) => string;
  clock: Clock;
  logger: Logger;
}

/** The one line the device is told. */
export type AdmissionAnswer =
  | { verdict: 'admitted'; identity: string; zone: string }
  | { verdict: 'quarantined'; reason: QuarantineReason };

/**
 * Decides one device presenting `certificatePem` (or none) from `address`: admitted to the pump
 * zone only with a valid device certificate and from an address in that zone. Writes each change
 * to the table and the log.
 */
export function decideAdmission(
  context: AdmissionContext,
  address: string,
  certificatePem: string | undefined,
): AdmissionAnswer {
  refreshCrls(context);
  const { table } = context;
  const zone = context.zoneOf(address);
  const at = new Date(context.clock.now());
  const check = checkDeviceCertificate(certificatePem, context.trust.current(), at);
  if (check.ok && zone === table.pumpZone) {
    for (const old of table.admit(address, check.identity, check.certificate)) {
      const reason = old.identity === check.identity ? 'moved' : 'displaced';
      write(context, { address: old.address, identity: old.identity, verdict: 'evicted', reason });
    }
    write(context, {
      address,
      zone,
      identity: check.identity,
      verdict: 'admitted',
      reason: 'valid-device-certificate',
    });
    return { verdict: 'admitted', identity: check.identity, zone };
  }
  // A device presenting from outside the pump zone is not admitted: its certificate is not its port.
  const reason = check.ok ? 'outside-pump-zone' : check.reason;
  // As 802.1X does on a failed re-authentication: the address loses what it was admitted with.
  const held = table.evict(address);
  if (held) write(context, { address, identity: held.identity, verdict: 'evicted', reason });
  write(context, {
    address,
    zone,
    ...(check.ok ? { identity: check.identity } : {}),
    verdict: 'quarantined',
    reason,
  });
  return { verdict: 'quarantined', reason };
}

/** Logs a connection that never completed TLS: garbage bytes, plain TCP, a stalled handshake. */
export function recordHandshakeFailure(context: AdmissionContext, address: string): void {
  write(context, { address, verdict: 'quarantined', reason: 'handshake-failed' });
}

/**
 * Checks every admitted device again against the current CRLs and the clock, and evicts those
 * no longer valid (revoked, expired, their CA revoked). Returns the eviction records.
 */
export function revalidateAdmissions(context: AdmissionContext): AdmissionRecord[] {
  refreshCrls(context);
  const trust = context.trust.current();
  const now = context.clock.now();
  return revalidationSuspects(context.table.list(), trust, now).flatMap((entry) => {
    const check = checkDeviceCertificate(entry.certificate?.pem, trust, new Date(now));
    if (check.ok) return [];
    context.table.evict(entry.address);
    const { address, identity } = entry;
    return [write(context, { address, identity, verdict: 'evicted', reason: check.reason })];
  });
}

/** Re-reads changed CRLs; on failure keeps the previous ones, and says so. */
export function refreshCrls(context: AdmissionContext): void {
  try {
    context.trust.refresh();
  } catch (error) {
    context.logger.error({ err: error }, 'CRLs could not be re-read; admission keeps the previous ones');
  }
}

function write(
  context: AdmissionContext,
  fields: Omit<AdmissionRecord, 'at' | 'zone'> & { zone?: string },
): AdmissionRecord {
  const record: AdmissionRecord = {
    at: context.clock.now(),
    zone: context.zoneOf(fields.address),
    ...fields,
  };
  context.log.push(record);
  // Handshake failures are noise a scanner can flood the log with: debug, not info.
  const level = record.reason === 'handshake-failed' ? 'debug' : 'info';
  context.logger[level](record, `device ${record.verdict}`);
  return record;
}
