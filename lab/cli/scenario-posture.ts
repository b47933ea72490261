import type { Command } from 'commander';
import { z } from 'zod';
import { controlIds, controlOf } from '../../scenarios/controls/controls.ts';
import type { LabSettings } from '../../scenarios/controls/lab-settings.ts';
import { readPosture, settingsOf, shippedPostures, type Posture } from '../../scenarios/controls/posture.ts';
import { emit, formatTable } from './output.ts';
import { withJson } from './scenario-options.ts';
import { cliAction } from './shared-options.ts';

const listOptions = z.object({ json: z.boolean().optional() });
const showOptions = listOptions.extend({ posture: z.string().min(1) });

/** A posture as a trainer reads it: the hospital, then each control on or off, then what it configures. */
function postureText(posture: Posture, settings: LabSettings): string {
  const on = new Set(posture.controls);
  const controlLines = controlIds.map((id) => `${on.has(id) ? '[x]' : '[ ]'} ${id}: ${controlOf(id).title}`);
  const settingLines = Object.entries(settings).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  return [
    `${posture.title} (${posture.name})`,
    '',
    posture.description.trim(),
    '',
    'Controls:',
    ...controlLines.map((line) => `  ${line}`),
    '',
    'Lab configuration:',
    ...settingLines.map((line) => `  ${line}`),
  ].join('\n');
}

/** `pumplab posture list|show`: the hospitals a scenario can run against. */
export function registerPosture(program: Command): void {
  const posture = program
    .command('posture')
    .description('list and show security postures (sets of controls)');
  withJson(posture.command('list').description('list the shipped postures')).action(
    cliAction(listOptions, (options) => {
      const postures = shippedPostures();
      emit(options, postures, () =>
        formatTable(postures, [
          { header: 'NAME', value: (row) => row.name },
          { header: 'TITLE', value: (row) => row.title },
          { header: 'CONTROLS', value: (row) => `${row.controls.length}/${controlIds.length}` },
        ]),
      );
    }),
  );
  withJson(
    posture
      .command('show')
      .description('show one posture: its controls and the lab configuration they give')
      .argument('<posture>', 'a shipped posture name, or a posture file path'),
  ).action(
    cliAction(showOptions, (options) => {
      const found = readPosture(options.posture);
      const settings = settingsOf(found);
      emit(options, { ...found, settings }, () => postureText(found, settings));
    }),
  );
}
