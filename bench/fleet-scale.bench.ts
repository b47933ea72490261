/**
 * How large a fleet the lab's pump server holds on this machine (issue 3, "Speed"): N pumps over
 * mutual TLS, each reporting status every 10 s in real time, every message stored before its PUBACK,
 * p99 publish-to-stored latency under 250 ms. The server runs in one child process and the fleet in
 * another, so on 2 cores each has one. Steps N up until the target fails; for each N it also times
 * the connect storm after a kill -9 of the server, and feeds the same load to Mosquitto with mutual
 * TLS for its delivery rate. Flags: see fleet-scale/options.ts (`--quick`: 500 pumps for 20 s).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { progress } from '../lab/cli/output.ts';
import { fileLimits, maxPumpsForFiles } from './shared/fd-limit.ts';
import type { ScaleSettings } from './fleet-scale/fleet-phases.ts';
import { labServerStep } from './fleet-scale/lab-server-step.ts';
import { cachedLabPki } from './shared/lab-pki-cache.ts';
import { hasMosquitto } from './fleet-scale/mosquitto-broker.ts';
import { mosquittoStep } from './fleet-scale/mosquitto-step.ts';
import { parseOptions, targetP99Ms } from './fleet-scale/options.ts';
import { holdsTarget, labTable, mosquittoTable, notes, type StepRow } from './fleet-scale/report.ts';

const options = parseOptions(process.argv.slice(2));
const limit = maxPumpsForFiles();
const steps = options.steps.filter((pumps) => pumps <= limit);
if (steps.length < options.steps.length) {
  const { soft, hard } = fileLimits();
  console.log(`open files are limited to ${soft} (hard ${hard}): fleets above ${limit} pumps are skipped`);
}
const mosquitto = options.mosquitto && hasMosquitto();
if (options.mosquitto && !mosquitto) console.log('mosquitto is not installed: its column is skipped');

const largest = Math.max(0, ...steps);
const pki = cachedLabPki(largest);
console.log(
  `PKI: ${pki.stateDir} (cached across runs) — issued ${pki.issued} identities in ${pki.seconds.toFixed(1)} s` +
    (pki.issued === 0 ? ', all from the cache' : ''),
);
console.log(
  `load: each pump reports status every ${options.statusIntervalMs / 1000} s, window ${options.seconds} s; ` +
    `cores ${os.availableParallelism()}, open files ${fileLimits().soft}`,
);
if (options.profileDir) console.log(`CPU profiles: ${options.profileDir}`);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pumplab-bench-scale-'));
const rows: StepRow[] = [];
try {
  for (const pumps of steps) {
    const settings: ScaleSettings = {
      stateDir: pki.stateDir,
      pumps,
      seconds: options.seconds,
      statusIntervalMs: options.statusIntervalMs,
      nodeFlags: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    };
    const row: StepRow = { pumps, lab: undefined, mosquitto: undefined };
    rows.push(row);
    try {
      progress(`${pumps} pumps: lab pump server`);
      row.lab = await labServerStep(settings, work);
      if (mosquitto) {
        progress(`${pumps} pumps: mosquitto`);
        row.mosquitto = await mosquittoStep(settings, work);
      }
    } catch (error) {
      row.error = error instanceof Error ? error.message : String(error);
    }
    if (!holdsTarget(row.lab)) break;
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

console.log('\nlab pump server (mutual TLS, authorization, SQLite store before PUBACK)');
console.log(labTable(rows));
if (mosquitto) {
  console.log('\nmosquitto (mutual TLS, no persistence), same fleet and load, one QoS 1 subscriber');
  console.log(mosquittoTable(rows));
}
for (const line of notes(rows)) console.log(line);
const held = rows.filter((row) => holdsTarget(row.lab)).map((row) => row.pumps);
console.log(
  `\nlargest fleet holding the target (p99 < ${targetP99Ms} ms, every message stored): ` +
    (held.length > 0 ? `${Math.max(...held)} pumps` : 'none of the sizes tried'),
);
console.log(
  'latency: pump sentAt to the store receivedAt, same machine clock; memory: RSS and heap growth / N; ' +
    'storm: from kill -9 (and from the replacement listening) to every pump connected again',
);
process.exitCode = rows.some((row) => row.error) ? 1 : 0;
