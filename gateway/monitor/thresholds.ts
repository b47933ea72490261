import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';

const count = z.number().int().positive();
const millis = z.number().int().positive();

/** What makes the monitor raise an alert; times are lab milliseconds. */
export const monitorThresholdsSchema = z.strictObject({
  /** Distinct services one source touches, allowed or denied, that make a port scan. */
  scanServices: count,
  scanWindowMs: millis,
  /** Connections from one source that make a burst. */
  burstConnections: count,
  burstWindowMs: millis,
  /** TLS handshake failures from one source that are more than a misconfigured client retrying once. */
  tlsFailures: count,
  tlsWindowMs: millis,
  /** How long a one-event alert (topic abuse, wrong zone, HL7 source, denied flow) stays quiet per source. */
  repeatQuietMs: millis,
  /** Sources tracked per detector; beyond it the least recently seen is forgotten (flood bound). */
  maxTrackedSources: count,
  /** Evidence items kept on one alert. */
  maxEvidence: count,
});
export type MonitorThresholds = z.infer<typeof monitorThresholdsSchema>;

export const defaultThresholds: MonitorThresholds = {
  scanServices: 3, // services: the busiest workflow client (point of care) uses 2
  scanWindowMs: 60_000, // 1 min
  burstConnections: 50, // connections
  burstWindowMs: 5_000, // 5 s
  tlsFailures: 3, // handshakes
  tlsWindowMs: 60_000, // 1 min
  repeatQuietMs: 60_000, // 1 min
  maxTrackedSources: 10_000, // sources
  maxEvidence: 20, // items
};

/**
 * The defaults with `overrides` applied, validated.
 *
 * @throws PumplabError INPUT_INVALID when a threshold is not a positive integer
 */
export function resolveThresholds(overrides: Partial<MonitorThresholds> = {}): MonitorThresholds {
  const parsed = monitorThresholdsSchema.safeParse({ ...defaultThresholds, ...overrides });
  if (parsed.success) return parsed.data;
  throw new PumplabError('INPUT_INVALID', 'Monitor thresholds must be positive integers.', {
    problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  });
}
