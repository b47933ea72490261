import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type tls from 'node:tls';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { storeLayout } from '../store/store-layout.ts';
import { readCrlPems, serverTlsOptions, type ServerTlsPolicy, type TlsMaterial } from './tls-material.ts';

/** Defaults for a reloader. */
export const reloaderDefaults = {
  /** Quiet time after the last change before re-reading, in milliseconds: one revoke, one reload. */
  debounceMs: 50,
};

export interface RevocationReloaderOptions {
  /** The lab state directory whose PKI publishes the CRLs. */
  stateDir: string;
  /** The server's own material: its key and chain go into every new secure context. */
  material: TlsMaterial;
  policy: ServerTlsPolicy;
  debounceMs?: number;
  logger?: Logger;
}

/** Emitted after a new secure context is in place: `crls` is how many CRLs it holds. */
export interface ReloadedEvent {
  crls: number;
}

export interface RevocationReloaderEvents {
  reloaded: [ReloadedEvent];
  /** A reload failed; the server keeps its previous context (and so its previous CRLs). */
  failed: [PumplabError];
}

/**
 * Keeps a running TLS server's CRLs current. A CRL published by any process (the `pumplab pki`
 * CLI, another lab component) replaces the file in the store's crl folder; the reloader sees it,
 * re-reads every CRL and swaps the server's secure context. New handshakes are then checked
 * against the new CRLs (RFC 5280 6.3); connections already open are not touched.
 *
 * @example
 * const server = tls.createServer(serverTlsOptions(material, policy));
 * const reloader = RevocationReloader.watch(server, { stateDir, material, policy });
 * // ... later
 * reloader.close();
 */
export class RevocationReloader extends EventEmitter<RevocationReloaderEvents> {
  private readonly logger: Logger;
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly server: tls.Server,
    private readonly options: RevocationReloaderOptions,
  ) {
    super();
    this.logger = (options.logger ?? silentLogger).child({ component: 'tls-revocation' });
  }

  /** Starts watching the store's crl folder for `server`; `close()` stops it. */
  static watch(server: tls.Server, options: RevocationReloaderOptions): RevocationReloader {
    const reloader = new RevocationReloader(server, options);
    reloader.start();
    return reloader;
  }

  /**
   * Re-reads every CRL now and installs them. For callers that know a CRL changed (the lab's own
   * authority after a revoke) and do not want to wait for the watcher.
   *
   * @throws PumplabError PKI_CRL_INVALID when a CRL cannot be read or parsed; the old context stays.
   */
  reload(): void {
    let crl: string[];
    try {
      crl = readCrlPems(this.options.stateDir);
      const material: TlsMaterial = { ...this.options.material, crl };
      this.server.setSecureContext(serverTlsOptions(material, this.options.policy));
    } catch (error) {
      throw new PumplabError(
        'PKI_CRL_INVALID',
        'The CRLs could not be reloaded; the server keeps its previous ones.',
        { dir: this.options.stateDir },
        { cause: error },
      );
    }
    this.logger.info({ crls: crl.length }, 'CRLs reloaded');
    this.emit('reloaded', { crls: crl.length });
  }

  /** Stops watching. The server keeps the last CRLs it was given. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  private start(): void {
    const folder = storeLayout(this.options.stateDir).crls;
    // Not persistent: the server keeps the process alive, the watcher should not.
    this.watcher = fs.watch(folder, { persistent: false }, (_event, file) => {
      // The authority writes `.NAME.RANDOM` then renames it over NAME (secure-files.ts): only the
      // rename onto a CRL's own name means a new CRL is complete.
      if (file !== null && file.startsWith('.')) return;
      this.schedule();
    });
    this.watcher.on('error', (error) => this.fail(error));
    this.logger.debug({ folder }, 'watching CRLs');
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.reload();
      } catch (error) {
        this.fail(error);
      }
    }, this.options.debounceMs ?? reloaderDefaults.debounceMs);
  }

  private fail(error: unknown): void {
    const failure =
      error instanceof PumplabError
        ? error
        : new PumplabError('PKI_CRL_INVALID', 'Watching the CRL folder failed.', {}, { cause: error });
    this.logger.error({ err: failure }, failure.message);
    this.emit('failed', failure);
  }
}
