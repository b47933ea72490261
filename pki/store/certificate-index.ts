import Database from 'better-sqlite3';
import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';
import { roles } from '../profiles.ts';
import { keyTypes } from '../keys.ts';
import { revocationReasons } from '../crl-builder.ts';

/**
 * The index of every certificate the lab's CAs issued, in SQLite: one writer at a time across
 * processes (WAL + busy timeout), so a CLI and a running lab can share one store safely.
 */
const statusValues = ['valid', 'revoked', 'superseded'] as const;
const reasonNames = Object.keys(revocationReasons) as [
  keyof typeof revocationReasons,
  ...(keyof typeof revocationReasons)[],
];

export const indexRowSchema = z.object({
  serial: z.string().regex(/^[0-9a-f]+$/),
  name: z.string(),
  role: z.enum(roles),
  issuer: z.string().nullable(),
  subject: z.string(),
  keyType: z.enum(keyTypes),
  notBefore: z.string(),
  notAfter: z.string(),
  status: z.enum(statusValues),
  revokedAt: z.string().nullable(),
  revocationReason: z.enum(reasonNames).nullable(),
  /** The issuance request as JSON (names, addresses), so a renewal reissues the same identity. */
  request: z.string(),
});
export type IndexRow = z.infer<typeof indexRowSchema>;

const schemaVersion = 1;
const createStatements = `
  CREATE TABLE IF NOT EXISTS certificates (
    serial TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    issuer TEXT,
    subject TEXT NOT NULL,
    keyType TEXT NOT NULL,
    notBefore TEXT NOT NULL,
    notAfter TEXT NOT NULL,
    status TEXT NOT NULL,
    revokedAt TEXT,
    revocationReason TEXT,
    request TEXT NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS one_valid_per_name ON certificates(name) WHERE status = 'valid';
  CREATE INDEX IF NOT EXISTS by_issuer_status ON certificates(issuer, status);
  CREATE TABLE IF NOT EXISTS crl_numbers (ca TEXT PRIMARY KEY, number INTEGER NOT NULL);
`;

export class CertificateIndex {
  private readonly insertStatement: Database.Statement;
  private readonly validByNameStatement: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare(
      `INSERT INTO certificates VALUES (@serial, @name, @role, @issuer, @subject, @keyType, @notBefore, @notAfter, @status, @revokedAt, @revocationReason, @request)`,
    );
    this.validByNameStatement = db.prepare(`SELECT * FROM certificates WHERE name = ? AND status = 'valid'`);
  }

  /** Opens the index; `create` makes a new one, otherwise it must exist and be a pumplab index. */
  static open(file: string, options: { create: boolean }): CertificateIndex {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { fileMustExist: !options.create, timeout: 10_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      if (options.create) {
        db.exec(createStatements);
        db.pragma(`user_version = ${schemaVersion}`);
      } else if (db.pragma('user_version', { simple: true }) !== schemaVersion) {
        throw new Error(`schema version is not ${schemaVersion}`);
      }
      return new CertificateIndex(db);
    } catch (error) {
      db?.close();
      throw new PumplabError(
        'PKI_STORE_CORRUPT',
        `The certificate index ${file} cannot be read.`,
        { file },
        { cause: error },
      );
    }
  }

  insert(row: IndexRow): void {
    this.insertStatement.run(row);
  }

  /** Runs `work` in one IMMEDIATE transaction: it takes the write lock up front, so no deadlock. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  bySerial(serial: string): IndexRow | undefined {
    return this.parse(this.db.prepare('SELECT * FROM certificates WHERE serial = ?').get(serial));
  }

  /** The valid certificate with this name, if any. */
  validByName(name: string): IndexRow | undefined {
    return this.parse(this.validByNameStatement.get(name));
  }

  all(): IndexRow[] {
    return this.db
      .prepare('SELECT * FROM certificates ORDER BY rowid')
      .all()
      .map((row) => this.parse(row) as IndexRow);
  }

  revokedBy(issuer: string): IndexRow[] {
    return this.db
      .prepare(`SELECT * FROM certificates WHERE issuer = ? AND status = 'revoked' ORDER BY rowid`)
      .all(issuer)
      .map((row) => this.parse(row) as IndexRow);
  }

  setStatus(serial: string, status: IndexRow['status'], revocation?: { at: string; reason: string }): void {
    this.db
      .prepare('UPDATE certificates SET status = ?, revokedAt = ?, revocationReason = ? WHERE serial = ?')
      .run(status, revocation?.at ?? null, revocation?.reason ?? null, serial);
  }

  /** The next CRL number for a CA: monotonically increasing (RFC 5280 5.2.3). */
  nextCrlNumber(ca: string): number {
    const row = this.db
      .prepare(
        'INSERT INTO crl_numbers VALUES (?, 1) ON CONFLICT(ca) DO UPDATE SET number = number + 1 RETURNING number',
      )
      .get(ca) as { number: number };
    return row.number;
  }

  close(): void {
    this.db.close();
  }

  private parse(row: unknown): IndexRow | undefined {
    if (row === undefined) return undefined;
    const parsed = indexRowSchema.safeParse(row);
    if (!parsed.success) {
      throw new PumplabError('PKI_STORE_CORRUPT', 'A row of the certificate index is not valid.', {
        issues: parsed.error.issues.map((issue) => issue.message),
      });
    }
    return parsed.data;
  }
}
