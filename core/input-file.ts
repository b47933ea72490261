import fs from 'node:fs';
import { PumplabError } from './errors.ts';

/**
 * Reads a text file a user names or writes (a policy, a topology, a posture, a scenario), as
 * INPUT_FILE_UNREADABLE naming `what` it was meant to be, rather than a raw errno.
 * @example readInputText('policy.yaml', 'policy')
 */
export function readInputText(filePath: string, what: string): string {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch (cause) {
    throw new PumplabError(
      'INPUT_FILE_UNREADABLE',
      `Cannot read ${what} ${filePath}.`,
      { filePath },
      { cause },
    );
  }
}
