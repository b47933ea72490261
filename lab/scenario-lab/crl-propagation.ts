import fs from 'node:fs';
import type { Logger } from '../../core/logger.ts';
import { CertificateAuthority } from '../../pki/authority.ts';
import type { RevocationReason } from '../../pki/crl-builder.ts';
import { storeLayout } from '../../pki/store/store-layout.ts';
import { reloaderDefaults } from '../../pki/tls/revocation-reloader.ts';

/** How long to wait for the CRL folder to report the new CRL before going on regardless (real ms). */
const publishTimeoutMs = 5_000;

/** What else reads the CRLs and must be told: the gateway's admission service, when it runs. */
export interface RevocationListeners {
  admission?: { revalidate(): unknown };
  logger: Logger;
}

/**
 * Revokes the certificate `serial` and publishes its issuer's CRL, as `pumplab pki revoke` does
 * (lab/cli/pki/revoke.ts), then resolves once every relying party of this lab can have seen it:
 *
 * - every TLS server with revocation checks (broker, HL7 listeners, REST APIs) runs a
 *   RevocationReloader watching the CRL folder, which re-reads the CRLs `debounceMs` after the last
 *   change. This waits for the same folder event (one inotify event reaches every watcher of the
 *   folder in this process in the same turn) and then for twice that debounce, so each reloader's
 *   timer has fired and its new secure context is in place before this resolves;
 * - the admission service polls the CRLs once a second: it is told at once (`revalidate`), which
 *   also evicts the device if it was admitted.
 *
 * The authority runs on the system clock, as the CLI does: OpenSSL checks a CRL's thisUpdate
 * against real time, and a lab clock ahead of it would make every CRL not yet valid.
 * @throws PumplabError PKI_UNKNOWN_SERIAL, PKI_ALREADY_REVOKED
 */
export async function revokeAndPropagate(
  stateDir: string,
  serial: string,
  reason: RevocationReason,
  listeners: RevocationListeners,
): Promise<void> {
  const published = crlPublished(storeLayout(stateDir).crls);
  try {
    const authority = CertificateAuthority.open(stateDir);
    try {
      authority.revoke(serial, reason);
    } finally {
      authority.close();
    }
  } catch (error) {
    published.cancel();
    throw error;
  }
  if (!(await published.seen)) {
    listeners.logger.warn({ serial }, 'no CRL folder event seen; the reloaders may lag');
  }
  await new Promise((resolve) => setTimeout(resolve, 2 * reloaderDefaults.debounceMs));
  listeners.admission?.revalidate();
}

/** Resolves true at the first change of a CRL in `folder` (not the authority's dot-named temporary). */
function crlPublished(folder: string): { seen: Promise<boolean>; cancel(): void } {
  let settle: (seen: boolean) => void = () => undefined;
  const seen = new Promise<boolean>((resolve) => (settle = resolve));
  const watcher = fs.watch(folder, { persistent: false }, (_event, file) => {
    if (file !== null && file.startsWith('.')) return;
    done(true);
  });
  watcher.on('error', () => done(false));
  const timer = setTimeout(() => done(false), publishTimeoutMs);
  const done = (outcome: boolean): void => {
    clearTimeout(timer);
    watcher.close();
    settle(outcome);
  };
  return { seen, cancel: () => done(false) };
}
