import { CommanderError } from 'commander';
import { PumplabError } from '../../core/errors.ts';

/** Exit codes: 0 success, 1 a known failure with a catalogue code, 2 anything unexpected. */
export const exitCodes = { ok: 0, failure: 1, internal: 2 } as const;

/**
 * The CLI's one error handler. A PumplabError prints `error CODE: message` and its hint on stderr
 * (or `{ "error": {...} }` on stdout with `--json`) and exits 1; a usage error is INPUT_INVALID;
 * anything else is a bug or an environment failure and exits 2. Returns the exit code.
 */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CommanderError) {
    // Help and --version end parsing with a CommanderError too; commander has already printed them.
    if (error.exitCode === 0 || error.code === 'commander.help') return error.exitCode;
    return reportError(new PumplabError('INPUT_INVALID', error.message.replace(/^error: /, '')), json);
  }
  if (error instanceof PumplabError) {
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    else process.stderr.write(`error ${error.code}: ${error.message}\nhint: ${error.hint}\n`);
    return exitCodes.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message } }, null, 2)}\n`);
  else
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
  return exitCodes.internal;
}
