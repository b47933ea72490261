import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeStore, encodeStore, isSealed, type HistoryEntry, type StoreContents } from './store-codec.ts';

/** The Wi-Fi network a pump joins and its pre-shared key. */
export interface WifiConfig {
  ssid: string;
  psk: string;
}

/** How to open a pump's store. */
export interface LocalStoreOptions {
  serial: string;
  /** Directory for the store file; in memory when absent. */
  dir?: string;
  /** Seal the store at rest (firmware trait or the encryption-at-rest control). */
  encrypt: boolean;
  /** Used when the store is new; an existing store keeps its own. */
  wifi: WifiConfig;
  /** The device secret the store key derives from; by default one is made and kept in the secure element. */
  deviceSecret?: Buffer;
  /** Entries kept, oldest dropped first (default 1,000): a pump's flash is finite. */
  historyLimit?: number;
}

/**
 * The pump's persistent memory: infusion history with patient identifiers and the Wi-Fi key, the
 * data an attacker wants (CVE-2015-1012, CVE-2022-26390). `<dir>/<serial>.flash` stands for the
 * flash chip a thief can pull; `<dir>/<serial>.secure-element` for the separate key store the
 * sealing key comes from, which `readRaw` does not return.
 */
export class LocalStore {
  private contents: StoreContents;
  private flash: Buffer = Buffer.alloc(0);
  private secret: Buffer | undefined;
  private sealed: boolean;
  private readonly files: { flash: string; secret: string } | undefined;

  constructor(private readonly options: LocalStoreOptions) {
    // A copy: erase() wipes the secret, and must not wipe the caller's buffer with it.
    this.secret = options.deviceSecret && Buffer.from(options.deviceSecret);
    this.sealed = options.encrypt;
    if (options.dir) {
      fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      const base = path.join(options.dir, options.serial);
      this.files = { flash: `${base}.flash`, secret: `${base}.secure-element` };
    }
    const existing = this.readRaw();
    this.contents =
      existing.length > 0 ? decodeStore(existing, () => this.deviceSecret(), options.serial) : this.empty();
    if (existing.length === 0 || isSealed(existing) !== this.sealed) this.persist();
  }

  /** True when the store is sealed at rest. */
  get encrypted(): boolean {
    return this.sealed;
  }

  /** The infusion history, oldest first. */
  history(): readonly HistoryEntry[] {
    return this.contents.history.map((entry) => ({ ...entry }));
  }

  /** The Wi-Fi network and its key, as kept (the shell's `config` shows them). */
  wifi(): WifiConfig {
    return { ...this.contents.wifi };
  }

  /** Adds an infusion, or updates it by infusionId, and writes the store. */
  recordInfusion(entry: HistoryEntry): void {
    const history = this.contents.history.filter((item) => item.infusionId !== entry.infusionId);
    history.push(entry);
    const limit = this.options.historyLimit ?? 1_000;
    this.contents = { ...this.contents, history: history.slice(-limit) };
    this.persist();
  }

  /** Seals or unseals the store at rest (a firmware change), rewriting it. */
  setEncryption(encrypt: boolean): void {
    if (encrypt === this.sealed) return;
    this.sealed = encrypt;
    this.persist();
  }

  /** Exactly the bytes on flash: what someone who pulls the storage chip reads. */
  readRaw(): Buffer {
    if (!this.files) return Buffer.from(this.flash);
    try {
      return fs.readFileSync(this.files.flash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }

  /**
   * Secure disposal before decommissioning (SP 1800-8; CVE-2022-26390's fix): overwrites the flash
   * file, removes it, and destroys the device secret, a cryptographic erase (NIST SP 800-88r1 2.6).
   */
  erase(): void {
    if (this.files) {
      overwriteAndRemove(this.files.flash);
      overwriteAndRemove(this.files.secret);
    }
    this.secret?.fill(0);
    this.secret = undefined;
    this.flash = Buffer.alloc(0);
    this.contents = { ...this.empty(), wifi: { ssid: '', psk: '' } };
  }

  private empty(): StoreContents {
    const { serial, wifi } = this.options;
    return { format: 'pumplab.pump-store/1', serial, wifi: { ...wifi }, history: [] };
  }

  private persist(): void {
    const bytes = encodeStore(this.contents, this.sealed ? this.deviceSecret() : null);
    if (!this.files) {
      this.flash = bytes;
      return;
    }
    const temporary = `${this.files.flash}.tmp`;
    fs.writeFileSync(temporary, bytes, { mode: 0o600 });
    fs.renameSync(temporary, this.files.flash);
  }

  private deviceSecret(): Buffer {
    if (this.secret) return this.secret;
    if (this.files && fs.existsSync(this.files.secret)) {
      this.secret = fs.readFileSync(this.files.secret);
    } else {
      this.secret = crypto.randomBytes(32);
      if (this.files) fs.writeFileSync(this.files.secret, this.secret, { mode: 0o600 });
    }
    return this.secret;
  }
}

/** Overwrites a file with zeros before unlinking it, so its blocks do not keep the data. */
function overwriteAndRemove(file: string): void {
  if (!fs.existsSync(file)) return;
  const size = fs.statSync(file).size;
  const handle = fs.openSync(file, 'r+');
  try {
    fs.writeSync(handle, Buffer.alloc(size), 0, size, 0);
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  fs.unlinkSync(file);
}
