/**
 * The gateway's cost (issue: "MQTT telemetry throughput and p99 latency of the fleet through the
 * gateway against the same fleet straight to the broker, in one run"). One pump server listens at
 * its zone address; two fleets of N pumps, each pump from its own address in the pump network, stay
 * connected: one straight to the server, one through the zone gateway (default topology, `segmented`
 * policy), which forwards the TLS bytes untouched (gateway-overhead/overhead-lab.ts). In alternating
 * rounds each fleet offers a paced load, for latency (pump `sentAt` to stored, same clock; and a
 * probe pump's PUBLISH-to-PUBACK round trip, sub-millisecond), then a saturating load (reports kept
 * in flight), for throughput. Targets: ≥ 80% of direct throughput, < 2 ms added p99: reported,
 * never failed on. Flags: see gateway-overhead/options.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { progress } from '../lab/cli/output.ts';
import { fileLimits, maxPumpsForFiles } from './shared/fd-limit.ts';
import { cachedLabPki } from './shared/lab-pki-cache.ts';
import { parseOptions } from './gateway-overhead/options.ts';
import { overhead, summarisePath } from './gateway-overhead/overhead.ts';
import { OverheadLab } from './gateway-overhead/overhead-lab.ts';
import { runRounds } from './gateway-overhead/overhead-rounds.ts';
import { maxBenchPumps } from './gateway-overhead/pump-addresses.ts';
import { pathTable, verdict } from './gateway-overhead/report.ts';

const options = parseOptions(process.argv.slice(2));
// The server holds both fleets' connections; the gateway two sockets per pump of its fleet. Each
// fleet has N pumps and a probe.
const largest = Math.min(Math.floor(maxBenchPumps / 2) - 1, Math.floor(maxPumpsForFiles() / 2) - 1);
if (options.pumps > largest) {
  const { soft, hard } = fileLimits();
  throw new Error(`--pumps=${options.pumps}: at most ${largest} here (open files ${soft}, hard ${hard})`);
}

const pki = cachedLabPki(options.pumps * 2 + 2);
console.log(
  `PKI: ${pki.stateDir} (cached across runs) — issued ${pki.issued} identities in ${pki.seconds.toFixed(1)} s` +
    (pki.issued === 0 ? ', all from the cache' : ''),
);
console.log(
  `load: ${options.pumps} pumps a path; latency at ${options.pacedPerSecond} reports/s paced, throughput ` +
    `with ${options.inFlightPerPump} reports in flight a pump; ${options.rounds} rounds of ` +
    `${options.seconds} s windows; cores ${os.availableParallelism()}`,
);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pumplab-bench-gateway-'));
const storeFile = path.join(work, 'events.sqlite');
try {
  const lab = await OverheadLab.start({ stateDir: pki.stateDir, storeFile, pumps: options.pumps });
  try {
    const rounds = await runRounds(
      {
        fleets: lab.fleets,
        storeFile,
        serverPid: lab.server.pid,
        gatewayPid: lab.gateway.pid,
        onWindow: (round, name, kind) => progress(`round ${round}/${options.rounds}: ${name}, ${kind}`),
      },
      options,
    );
    const rows = (['direct', 'gateway'] as const).map((name) => ({
      summary: summarisePath(name, rounds),
      pumps: options.pumps,
      connectMs: lab.fleets[name].connectMs,
    }));
    console.log(
      '\nMQTT over mutual TLS into the lab pump server (stored before PUBACK), direct and through the gateway',
    );
    console.log(pathTable(rows));
    for (const line of verdict(overhead(rounds))) console.log(line);
    for (const row of rows.filter((r) => r.summary.dropped > 0)) {
      console.log(`${row.summary.path}: the pumps' outboxes dropped ${row.summary.dropped} reports`);
    }
    console.log(
      'medians of the rounds. throughput: reports stored per second with every pump keeping reports in ' +
        'flight; latency: pump sentAt to the store receivedAt (ms, same machine clock) under the paced load ' +
        '(MAX: the largest of any round); probe RTT: one more pump, one report at a time, PUBLISH to PUBACK; ' +
        'CPU: share of a core in the saturated windows, and per stored report; ' +
        'others, OTHERS: the rest of the machine meanwhile (a busy machine skews both paths)',
    );
  } finally {
    await lab.close();
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
