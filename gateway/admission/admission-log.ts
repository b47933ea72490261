import { z } from 'zod';
import { RingLog } from '../log/ring-log.ts';
import type { QuarantineReason } from './device-check.ts';

/** Why a record was written: a quarantine reason, or what admitted or evicted the device. */
export type AdmissionReason =
  | QuarantineReason
  /** Admitted: a valid, unrevoked device certificate from the pump zone. */
  | 'valid-device-certificate'
  /** Evicted: the same identity was admitted from another address. */
  | 'moved'
  /** Evicted: another identity was admitted at this address. */
  | 'displaced'
  /** Quarantined: a device that never presented a certificate sent traffic in the pump network. */
  | 'not-admitted';

/** One admission decision, as logged, queried and streamed (no patient data: devices only). */
export interface AdmissionRecord {
  /** Lab time (injected clock), ms since the epoch. */
  at: number;
  /** The source address the device presented from. */
  address: string;
  /** The topology zone of that address. */
  zone: string;
  /** The device serial, when its certificate was verified. */
  identity?: string;
  verdict: 'admitted' | 'quarantined' | 'evicted';
  reason: AdmissionReason;
}

/** A query on the admission log; the schema is the boundary for API input. */
export const admissionQuerySchema = z.strictObject({
  verdict: z.enum(['admitted', 'quarantined', 'evicted']).optional(),
  address: z.string().optional(),
  identity: z.string().optional(),
  /** Only records at or after this lab time. */
  since: z.number().optional(),
  /** Newest first, at most this many. */
  limit: z.number().int().min(1).max(10_000).default(100),
});
export type AdmissionQuery = z.input<typeof admissionQuerySchema>;

/**
 * Every admission decision of the gateway, kept as its flow decisions are (decision-log.ts): in a
 * ring, so a flood of hostile handshakes cannot grow memory; subscribe or stream to see it live.
 */
export class AdmissionLog {
  private readonly ring: RingLog<AdmissionRecord>;

  constructor(readonly capacity = 10_000) {
    this.ring = new RingLog<AdmissionRecord>(capacity);
  }

  /** Appends a record, overwriting the oldest when full, and streams it to subscribers. */
  push(record: AdmissionRecord): void {
    this.ring.record(record);
  }

  /**
   * Records matching `query`, newest first.
   *
   * @example log.query({ verdict: 'quarantined', since: clock.now() - 60_000 })
   */
  query(input: AdmissionQuery = {}): AdmissionRecord[] {
    const { verdict, address, identity, since, limit } = admissionQuerySchema.parse(input);
    return this.ring.query(
      (record) =>
        (verdict === undefined || record.verdict === verdict) &&
        (address === undefined || record.address === address) &&
        (identity === undefined || record.identity === identity),
      { since, limit },
    );
  }

  /** Up to `limit` records for which `keep` holds, newest first. */
  newest(limit: number, keep: (record: AdmissionRecord) => boolean = () => true): AdmissionRecord[] {
    return this.ring.query(keep, { limit });
  }

  /** Calls `listener` on every new record; returns the function that stops it. */
  subscribe(listener: (record: AdmissionRecord) => void): () => void {
    return this.ring.subscribe(listener);
  }

  /**
   * New records as an async iterator, until `signal` aborts.
   *
   * @example for await (const record of admission.log.stream(controller.signal)) send(record)
   */
  stream(signal?: AbortSignal): AsyncGenerator<AdmissionRecord> {
    return this.ring.stream(signal);
  }
}
