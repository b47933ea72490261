/**
 * HL7 throughput over MLLP/TLS (issue 4, "Speed"): the EHR's PCD-01 listener, messages per second
 * and p50/p99 latency with 1 and with 50 connections, each sending sequentially in original mode
 * and waiting for its ACK; and the pump server's PCD-03 listener on the refusal path (RGV^O15 for
 * an admitted patient on a pump that is not connected: refused before any pump is touched, RRG^O16
 * AE with ERR). Each listener runs in a child process (mutual TLS, CRL checks, lab certs,
 * the chart committed in SQLite before each ACK), so the load generator and it each have a core.
 * `--quick` runs 3 s a case instead of 10 s; `--cpu-prof` profiles the listener (into ./profiles).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLabPki } from '../lab/setup/ensure-lab-pki.ts';
import { formatTable } from '../lab/cli/output.ts';
import { loadTlsMaterial } from '../pki/tls/tls-material.ts';
import type { EhrTargetReady } from './hl7-throughput/ehr-target.ts';
import { messageBytes, pcd01Traffic } from './hl7-throughput/pcd01-traffic.ts';
import { pcd03Traffic } from './hl7-throughput/pcd03-traffic.ts';
import type { PumpServerTargetReady } from './hl7-throughput/pump-server-target.ts';
import { percentile, runLoad, type LoadResult } from './hl7-throughput/mllp-load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--cpu-prof');
/** Milliseconds of load per case, after a warm-up of a fifth of it. */
const durationMs = quick ? 3_000 : 10_000;
const connectionCounts = [1, 50];

interface Row {
  listener: string;
  path: string;
  connections: number;
  result: LoadResult;
  /** CPU time (user + system) the listener's process spent per message, µs. */
  cpuPerMessage: number;
  /** The same for the load generator (this process). */
  senderCpuPerMessage: number;
}

/** Starts `file` as a child with IPC and resolves with its first message. */
async function startChild<T>(file: string, args: string[]): Promise<{ child: ChildProcess; ready: T }> {
  const execArgv = ['--import', 'tsx'];
  if (profile) execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.join(process.cwd(), 'profiles')}`);
  const child = fork(path.join(here, 'hl7-throughput', file), args, { execArgv, stdio: 'inherit' });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) =>
      reject(new Error(`${file} exited with ${String(code)} before it was ready`)),
    );
  });
  return { child, ready };
}

/** The child's CPU time so far (µs), asked over IPC. */
function childCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message) => {
      const { cpu } = message as { cpu: NodeJS.CpuUsage };
      resolve(cpu.user + cpu.system);
    });
    child.send('cpu');
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('close');
  await exited;
}

interface Case {
  listener: string;
  path: string;
  port: number;
  /** The lab identity the sender presents. */
  identity: string;
  traffic: (runId: string) => (index: number) => string;
  expected: ReadonlySet<string>;
}

/** Warms the listener up, then runs each connection count against it. */
async function measure(child: ChildProcess, stateDir: string, c: Case): Promise<Row[]> {
  const material = loadTlsMaterial(stateDir, c.identity);
  const load = (connections: number, ms: number, runId: string) =>
    runLoad({
      host: '127.0.0.1',
      port: c.port,
      material,
      connections,
      durationMs: ms,
      next: c.traffic(runId),
      expected: c.expected,
    });
  console.log(`${c.listener} ${c.path}: ${messageBytes(c.traffic('W'))} bytes a message`);
  await load(50, durationMs / 5, 'W');
  const rows: Row[] = [];
  for (const connections of connectionCounts) {
    const before = await childCpu(child);
    const sender = process.cpuUsage();
    const result = await load(connections, durationMs, `C${connections}-`);
    const spent = process.cpuUsage(sender);
    const cpuPerMessage = ((await childCpu(child)) - before) / result.messages;
    const senderCpuPerMessage = (spent.user + spent.system) / result.messages;
    rows.push({
      listener: c.listener,
      path: c.path,
      connections,
      result,
      cpuPerMessage,
      senderCpuPerMessage,
    });
  }
  return rows;
}

async function benchEhr(stateDir: string): Promise<Row[]> {
  const { child, ready } = await startChild<EhrTargetReady>('ehr-target.ts', [stateDir]);
  try {
    return await measure(child, stateDir, {
      listener: 'EHR',
      path: 'PCD-01 charted, AA',
      port: ready.port,
      identity: 'pump-server',
      traffic: (runId) => pcd01Traffic(ready.patients, runId),
      expected: new Set(['AA']),
    });
  } finally {
    await stopChild(child);
  }
}

async function benchPumpServer(stateDir: string): Promise<Row[]> {
  const { child, ready } = await startChild<PumpServerTargetReady>('pump-server-target.ts', [stateDir]);
  try {
    return await measure(child, stateDir, {
      listener: 'pump server',
      path: 'PCD-03 refused (unknown pump), RRG^O16 AE',
      port: ready.port,
      identity: 'poc-1',
      traffic: (runId) => pcd03Traffic(ready.mrns, 'PL99999', runId),
      expected: new Set(['AE']),
    });
  } finally {
    await stopChild(child);
  }
}

function print(rows: Row[]): void {
  console.log(
    formatTable(rows, [
      { header: 'LISTENER', value: (row) => row.listener },
      { header: 'PATH', value: (row) => row.path },
      { header: 'CONNS', value: (row) => String(row.connections) },
      { header: 'MESSAGES', value: (row) => String(row.result.messages) },
      { header: 'MSG/S', value: (row) => (row.result.messages / row.result.seconds).toFixed(0) },
      { header: 'P50 MS', value: (row) => percentile(row.result.latencies, 50).toFixed(2) },
      { header: 'P99 MS', value: (row) => percentile(row.result.latencies, 99).toFixed(2) },
      { header: 'CPU µS/MSG', value: (row) => row.cpuPerMessage.toFixed(0) },
      { header: 'SENDER µS/MSG', value: (row) => row.senderCpuPerMessage.toFixed(0) },
      {
        header: 'UNEXPECTED',
        value: (row) =>
          [...row.result.unexpected].map(([code, count]) => `${code}:${count}`).join(' ') || '0',
      },
    ]),
  );
}

const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumplab-bench-hl7-'));
try {
  ensureLabPki(stateDir, { pumps: 0 });
  const ehrRows = await benchEhr(stateDir);
  const rows = [...ehrRows, ...(await benchPumpServer(stateDir))];
  print(rows);
  const best = Math.max(...ehrRows.map((row) => row.result.messages / row.result.seconds));
  console.log(
    `\ntarget 2000 PCD-01/s into the EHR: ${best >= 2000 ? 'met' : 'not met'} (${best.toFixed(0)}/s)`,
  );
  if (rows.some((row) => row.result.unexpected.size > 0)) process.exitCode = 1;
} finally {
  fs.rmSync(stateDir, { recursive: true, force: true });
}
