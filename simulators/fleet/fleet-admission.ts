import type { Logger } from '../../core/logger.ts';
import { requestAdmission, type AdmissionRequestOptions } from '../pump/network/network-admission.ts';

/** Each pump's admission request, by serial. */
export type AdmissionRequests = ReadonlyMap<string, AdmissionRequestOptions>;

/**
 * Has every pump of `serials` that has a request ask the gateway to admit it. A pump held in
 * quarantine, or one that cannot reach the admission service, still starts: its connections are
 * then refused by the gateway, which is the lesson, so its outcome is logged and not thrown.
 */
export async function requestAdmissions(
  serials: readonly string[],
  requests: AdmissionRequests,
  logger: Logger,
): Promise<void> {
  await Promise.all(
    serials.map(async (serial) => {
      const request = requests.get(serial);
      if (!request) return;
      try {
        const result = await requestAdmission(request);
        if (result.verdict === 'admitted') logger.debug({ pump: serial }, 'admitted to the pump network');
        else logger.warn({ pump: serial, reason: result.reason }, 'held in quarantine by the gateway');
      } catch (error) {
        logger.warn({ pump: serial, err: (error as Error).message }, 'admission unreachable');
      }
    }),
  );
}
