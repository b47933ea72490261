import fs from 'node:fs';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { CertificateAuthority } from '../../pki/authority.ts';
import type { CertificateRecord } from '../../pki/certificate-record.ts';
import { caNames } from '../../pki/hierarchy.ts';
import { storeLayout } from '../../pki/store/store-layout.ts';
import { pumpIdentity, standardIdentities } from './lab-identities.ts';

export interface LabPkiOptions {
  /** How many pump identities the lab needs (`pump-PL00001` onwards). */
  pumps: number;
  /** Identities per `issueMany` transaction: bounds how long the store's write lock is held. */
  batchSize?: number;
  clock?: Clock;
  logger?: Logger;
  /** Called after each batch with how many of the missing identities exist so far. */
  onProgress?: (issued: number, missing: number) => void;
}

export interface LabPkiSummary {
  /** The PKI folder (`<stateDir>/pki`). */
  dir: string;
  /** True when this call created the PKI. */
  created: boolean;
  /** Names of the certificates this call made (the CAs too, when it created the PKI). */
  issued: string[];
  /** Every certificate in the store now. */
  certificates: CertificateRecord[];
}

const defaultBatchSize = 500;

/** A name already has a current certificate unless its last one was revoked or replaced. */
const isCurrent = (record: CertificateRecord): boolean =>
  record.status !== 'revoked' && record.status !== 'superseded';

/**
 * Makes sure the state directory holds the lab's PKI with its standard identities and `pumps` device
 * identities: creates what is missing and leaves what exists, so running it twice is harmless.
 */
export function ensureLabPki(stateDir: string, options: LabPkiOptions): LabPkiSummary {
  const created = !fs.existsSync(storeLayout(stateDir).index);
  const authorityOptions = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const authority = created
    ? CertificateAuthority.init(stateDir, authorityOptions)
    : CertificateAuthority.open(stateDir, authorityOptions);
  try {
    const present = new Set(
      authority
        .list()
        .filter(isCurrent)
        .map((record) => record.name),
    );
    const wanted = [
      ...standardIdentities,
      ...Array.from({ length: options.pumps }, (_, i) => pumpIdentity(i + 1)),
    ];
    const missing = wanted.filter((request) => !present.has(request.name));
    const issued: string[] = created ? [...caNames] : [];
    const batchSize = options.batchSize ?? defaultBatchSize;
    for (let start = 0; start < missing.length; start += batchSize) {
      const batch = missing.slice(start, start + batchSize);
      authority.issueMany(batch);
      issued.push(...batch.map((request) => request.name));
      options.onProgress?.(start + batch.length, missing.length);
    }
    return { dir: authority.store.layout.root, created, issued, certificates: authority.list() };
  } finally {
    authority.close();
  }
}
