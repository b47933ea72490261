import { refreshCrls, revalidateAdmissions, type AdmissionContext } from './admission-decider.ts';
import type { AdmissionRecord } from './admission-log.ts';

/** Revalidation of admitted devices, on demand and whenever the CRLs change. */
export interface RevocationWatch {
  /** Re-reads the CRLs and evicts every admitted device no longer valid; returns the evictions. */
  revalidate(): AdmissionRecord[];
  stop(): void;
}

/**
 * Looks at the CRL files every `intervalMs` (real time) and, when one changed, revalidates every
 * admitted device: a device revoked after it was admitted loses admission within one interval,
 * not only when it next presents (RFC 5280 6.3: a relying party uses the current CRL).
 */
export function watchRevocations(context: AdmissionContext, intervalMs: number): RevocationWatch {
  let revalidated = context.trust.generation;
  const revalidate = (): AdmissionRecord[] => {
    refreshCrls(context);
    revalidated = context.trust.generation;
    return revalidateAdmissions(context);
  };
  const timer = setInterval(() => {
    try {
      refreshCrls(context);
      if (context.trust.generation !== revalidated) revalidate();
    } catch (error) {
      // A timer must not take the gateway down; the next tick, or the next admission, tries again.
      context.logger.error({ err: error }, 'revalidation failed');
    }
  }, intervalMs);
  // The listener keeps the process alive, the watch should not.
  timer.unref();
  return { revalidate, stop: () => clearInterval(timer) };
}
