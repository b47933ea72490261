import { z } from 'zod';
import { RingLog } from '../log/ring-log.ts';
import { alertKinds, alertSeverities, atLeast, type Alert } from './alert.ts';

/** A query on the alert log; the schema is the boundary for API input. */
export const alertQuerySchema = z.strictObject({
  kind: z.enum(alertKinds).optional(),
  /** The least urgent severity returned: `high` returns high and critical. */
  severity: z.enum(alertSeverities).optional(),
  /** Only alerts raised at or after this lab time. */
  since: z.number().optional(),
  /** Newest first, at most this many. */
  limit: z.number().int().min(1).max(10_000).default(100),
});
export type AlertQuery = z.input<typeof alertQuerySchema>;

/**
 * The monitor's alerts: numbered as raised, kept in a ring of `capacity` (a flood of alerts cannot
 * grow memory), queryable, and streamed live beside the gateway's decisions.
 */
export class AlertLog {
  private readonly ring: RingLog<Alert>;
  private lastId = 0;

  constructor(readonly capacity = 10_000) {
    this.ring = new RingLog<Alert>(capacity);
  }

  /** Numbers an alert, records it and streams it to subscribers. */
  raise(draft: Omit<Alert, 'id'>): Alert {
    this.lastId += 1;
    const alert: Alert = { id: this.lastId, ...draft };
    this.ring.record(alert);
    return alert;
  }

  /** Alerts matching `query`, newest first. */
  query(input: AlertQuery = {}): Alert[] {
    const { kind, severity, since, limit } = alertQuerySchema.parse(input);
    return this.ring.query(
      (alert) => (!kind || alert.kind === kind) && (!severity || atLeast(alert.severity, severity)),
      { since, limit },
    );
  }

  /** Calls `listener` on every new alert; returns the function that stops it. */
  subscribe(listener: (alert: Alert) => void): () => void {
    return this.ring.subscribe(listener);
  }

  /**
   * New alerts as an async iterator, until `signal` aborts.
   *
   * @example for await (const alert of monitor.alerts.stream(controller.signal)) send(alert)
   */
  stream(signal?: AbortSignal): AsyncGenerator<Alert> {
    return this.ring.stream(signal);
  }
}
