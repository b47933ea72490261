import type { Command } from 'commander';
import { z } from 'zod';

/** The options every scenario, posture and matrix command takes: another catalog folder, and JSON output. */
export const catalogOptionsSchema = z.object({
  catalog: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

/** Adds `--catalog <dir>` and `--json` to a command. */
export function withCatalogOptions(command: Command): Command {
  return command
    .option(
      '--catalog <dir>',
      'a folder of scenario files, one <id>.yaml each (default: the shipped catalog)',
    )
    .option('--json', 'print one JSON document on stdout');
}

/** Adds `--json` alone. */
export const withJson = (command: Command): Command =>
  command.option('--json', 'print one JSON document on stdout');

/** The seed every run defaults to: the same seed, the same ward, the same outcome. */
export const defaultSeed = 'pumplab';
