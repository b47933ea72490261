import fs from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { reportError } from './error-handler.ts';
import { registerPki } from './pki/register-pki.ts';
import { registerUp } from './up.ts';
import { registerFleet } from './fleet.ts';
import { registerMatrix } from './matrix.ts';
import { registerScenario } from './scenario.ts';
import { registerPosture } from './scenario-posture.ts';

const packageJson = z
  .object({ version: z.string() })
  .parse(JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')));

/** The `pumplab` command with every subcommand registered; parsing errors throw, for one handler. */
export function buildProgram(): Command {
  const program = new Command('pumplab')
    .description('a lab simulator of the NIST SP 1800-8 wireless infusion pump ecosystem')
    .version(packageJson.version)
    .showHelpAfterError(false)
    // Subcommands made with .command() inherit both: every error reaches reportError.
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  registerUp(program);
  registerPki(program);
  registerFleet(program);
  registerScenario(program);
  registerPosture(program);
  registerMatrix(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, process.argv.includes('--json'));
}
