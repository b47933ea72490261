import fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { CertificateAuthority } from '../../pki/authority.ts';

/** Default state directory, relative to where the command runs (DESIGN.md, "State on disk"). */
export const defaultStateDir = '.pumplab';

/** The options every command that touches the state directory takes. */
export const stateOptionsSchema = z.object({
  dir: z.string().min(1),
  json: z.boolean().optional(),
});
export type StateOptions = z.infer<typeof stateOptionsSchema>;

/** Adds `--dir <stateDir>` and `--json` to a command. */
export function withStateOptions(command: Command): Command {
  return command
    .option('--dir <stateDir>', 'the lab state directory', defaultStateDir)
    .option('--json', 'print one JSON document on stdout');
}

/**
 * Wraps a command handler so that it receives its named arguments and options as one object,
 * validated by `schema`: the CLI is a boundary, and its input type comes from the schema.
 * @example command.argument('<serial>').action(cliAction(schema, (input) => revoke(input.serial)))
 */
export function cliAction<S extends z.ZodType>(
  schema: S,
  run: (input: z.output<S>) => void | Promise<void>,
): (this: Command) => Promise<void> {
  return async function (this: Command): Promise<void> {
    const names = this.registeredArguments.map((argument) => argument.name());
    const positional = Object.fromEntries(names.map((name, index) => [name, this.processedArgs[index]]));
    const parsed = schema.safeParse({ ...this.opts(), ...positional });
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`,
      );
      throw new PumplabError('INPUT_INVALID', `Invalid input: ${problems.join('; ')}.`, { problems });
    }
    await run(parsed.data);
  };
}

/** The CLI's logger: warnings and errors only unless PUMPLAB_LOG_LEVEL says otherwise; on stderr. */
export function cliLogger(): Logger {
  return createLogger({ level: process.env['PUMPLAB_LOG_LEVEL'] ?? 'warn' });
}

/** Opens the PKI of `dir`, runs `work`, and closes the store whatever happens. */
export async function withAuthority<T>(
  dir: string,
  work: (authority: CertificateAuthority) => T | Promise<T>,
): Promise<T> {
  const authority = CertificateAuthority.open(dir, { logger: cliLogger() });
  try {
    return await work(authority);
  } finally {
    authority.close();
  }
}

/** Splits a comma-separated option value (`--dns a,b`), dropping empty items. */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/** Reads a file the user named, as INPUT_FILE_UNREADABLE rather than a raw errno when it cannot be read. */
export function readInputFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new PumplabError('INPUT_FILE_UNREADABLE', `Cannot read ${file}.`, { file }, { cause: error });
  }
}

/** `--firmware 2.4.0:3,4.2.1:1` → weights; undefined when not given. */
export function firmwareMix(spec: string | undefined): Record<string, number> | undefined {
  if (!spec) return undefined;
  return Object.fromEntries(
    commaList(spec).map((item) => {
      const [version = '', weight = '1'] = item.split(':');
      return [version, Number(weight)];
    }),
  );
}
