import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';
import { ensureDirectory } from '../../pki/store/secure-files.ts';

/** What the pump server signs and distributes. */
export type ReleaseKind = 'drug-library' | 'firmware';

/** A signed release: the exact bytes signed and the detached CMS signature (DER) over them. */
export interface SignedRelease {
  kind: ReleaseKind;
  version: string;
  content: Buffer;
  signature: Buffer;
  /** The code-signing identity's name and certificate serial. */
  signer: string;
  signerSerial: string;
  /** The signingTime attribute put in the signature (ISO 8601, lab time). */
  signedAt: string;
  /** SHA-256 of `content`, hex. */
  sha256: string;
  /** Kind-specific facts, e.g. a firmware image's model. */
  meta: Record<string, string>;
}

export const commandOutcomeSchema = z.object({
  serial: z.string(),
  outcome: z.enum(['accepted', 'rejected', 'timed-out']),
  /** A stable reason code when rejected (the pump's, or the server's when it could not send). */
  reason: z.string().optional(),
});
/** What became of one command sent to one pump. */
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;

/** One distribution of a drug library version to a care area, with every pump's outcome. */
export interface DistributionRecord {
  id: string;
  version: string;
  careArea: string;
  createdAt: string;
  results: CommandOutcome[];
}

interface ReleaseRow {
  kind: ReleaseKind;
  version: string;
  content: Buffer;
  signature: Buffer;
  signer: string;
  signer_serial: string;
  signed_at: string;
  meta: string;
}

interface DistributionRow {
  id: string;
  version: string;
  care_area: string;
  created_at: string;
  results: string;
}

const schema = `
  CREATE TABLE IF NOT EXISTS releases (
    kind TEXT NOT NULL, version TEXT NOT NULL, content BLOB NOT NULL, signature BLOB NOT NULL,
    signer TEXT NOT NULL, signer_serial TEXT NOT NULL, signed_at TEXT NOT NULL, meta TEXT NOT NULL,
    PRIMARY KEY (kind, version));
  CREATE TABLE IF NOT EXISTS distributions (
    id TEXT PRIMARY KEY, version TEXT NOT NULL, care_area TEXT NOT NULL, created_at TEXT NOT NULL,
    results TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS distributions_by_version ON distributions (version, created_at);
`;

/**
 * The pump server's signed releases (drug libraries and firmware images) and library distributions,
 * in SQLite under the state directory. A release is written once and never changed: what was signed
 * is what is served and sent, byte for byte.
 */
export class ReleaseStore {
  private constructor(private readonly db: Database.Database) {}

  /**
   * Opens (creating if needed) `<stateDir>/pump-server/releases.db`.
   * @example const releases = ReleaseStore.open('.pumplab')
   */
  static open(stateDir: string): ReleaseStore {
    const directory = path.join(stateDir, 'pump-server');
    ensureDirectory(directory, 0o700);
    const db = new Database(path.join(directory, 'releases.db'), { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    db.exec(schema);
    return new ReleaseStore(db);
  }

  /** Stores a new release; refuses a version already stored for that kind. */
  add(release: Omit<SignedRelease, 'sha256'>): void {
    const row: ReleaseRow = {
      kind: release.kind,
      version: release.version,
      content: release.content,
      signature: release.signature,
      signer: release.signer,
      signer_serial: release.signerSerial,
      signed_at: release.signedAt,
      meta: JSON.stringify(release.meta),
    };
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO releases VALUES
         (@kind, @version, @content, @signature, @signer, @signer_serial, @signed_at, @meta)`,
      )
      .run(row);
    if (result.changes === 0) {
      const code = release.kind === 'firmware' ? 'FIRMWARE_VERSION_EXISTS' : 'LIBRARY_VERSION_EXISTS';
      throw new PumplabError(code, `${release.kind} ${release.version} already exists.`, {
        version: release.version,
      });
    }
  }

  /** One release, or undefined. */
  get(kind: ReleaseKind, version: string): SignedRelease | undefined {
    const row = this.db
      .prepare('SELECT * FROM releases WHERE kind = ? AND version = ?')
      .get(kind, version) as ReleaseRow | undefined;
    return row && toRelease(row);
  }

  /** Every release of a kind, lowest version first. */
  list(kind: ReleaseKind): SignedRelease[] {
    const rows = this.db.prepare('SELECT * FROM releases WHERE kind = ?').all(kind) as ReleaseRow[];
    return rows.map(toRelease).sort((a, b) => compareVersions(a.version, b.version));
  }

  /** Records a finished distribution. */
  addDistribution(record: DistributionRecord): void {
    this.db
      .prepare('INSERT INTO distributions VALUES (?, ?, ?, ?, ?)')
      .run(record.id, record.version, record.careArea, record.createdAt, JSON.stringify(record.results));
  }

  /** The distributions of a library version, oldest first. */
  distributions(version: string): DistributionRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM distributions WHERE version = ? ORDER BY created_at, id')
      .all(version) as DistributionRow[];
    return rows.map((row) => ({
      id: row.id,
      version: row.version,
      careArea: row.care_area,
      createdAt: row.created_at,
      results: z.array(commandOutcomeSchema).parse(JSON.parse(row.results)),
    }));
  }

  close(): void {
    this.db.close();
  }
}

function toRelease(row: ReleaseRow): SignedRelease {
  return {
    kind: row.kind,
    version: row.version,
    content: row.content,
    signature: row.signature,
    signer: row.signer,
    signerSerial: row.signer_serial,
    signedAt: row.signed_at,
    sha256: crypto.createHash('sha256').update(row.content).digest('hex'),
    meta: z.record(z.string(), z.string()).parse(JSON.parse(row.meta)),
  };
}

/** Orders dotted numeric versions (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
