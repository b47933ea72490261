import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

/**
 * Atomic file writes: write a temporary sibling then rename, so a reader in another process sees
 * either the old file or the new one, never half of one (POSIX rename(2) is atomic).
 */
export function writeFileAtomic(file: string, content: string | Buffer, mode = 0o644): void {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}`,
  );
  fs.writeFileSync(temporary, content, { mode, flag: 'wx' });
  fs.renameSync(temporary, file);
}

/** Creates a directory (and parents) with the given mode; an existing one keeps its mode. */
export function ensureDirectory(directory: string, mode = 0o755): void {
  fs.mkdirSync(directory, { recursive: true, mode });
}
