/** The benchmark's tables: one row per fleet size, the lab server's figures and Mosquitto's. */
import { formatTable } from '../../lab/cli/output.ts';
import type { LabServerResult } from './lab-server-step.ts';
import type { MosquittoResult } from './mosquitto-step.ts';
import { targetP99Ms } from './options.ts';

export interface StepRow {
  pumps: number;
  lab: LabServerResult | undefined;
  mosquitto: MosquittoResult | undefined;
  /** Why the step failed to run, if it did. */
  error?: string;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const ms = (value: number): string => (Number.isNaN(value) ? '-' : value.toFixed(0));
const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const percent = (share: number): string => (Number.isNaN(share) ? '-' : `${(share * 100).toFixed(0)}%`);
const cpu = (value: number): string => (Number.isNaN(value) ? '-' : value.toFixed(1));
const rate = (value: number): string => value.toFixed(0);

/** Whether the lab server held the target at this size: p99 under 250 ms and every message stored. */
export function holdsTarget(lab: LabServerResult | undefined): boolean {
  return lab !== undefined && lab.emitted > 0 && lab.stored >= lab.emitted && lab.latency.p99 < targetP99Ms;
}

export function labTable(rows: readonly StepRow[]): string {
  const done = rows.flatMap((row) => (row.lab ? [row.lab] : []));
  return formatTable(done, [
    { header: 'PUMPS', value: (r) => String(r.pumps) },
    { header: 'CONNECT s', value: (r) => seconds(r.connectMs) },
    { header: 'STORED/s', value: (r) => rate(r.storedPerSecond) },
    { header: 'STORED/EMITTED', value: (r) => `${r.stored}/${r.emitted}` },
    { header: 'P50 ms', value: (r) => ms(r.latency.p50) },
    { header: 'P99 ms', value: (r) => ms(r.latency.p99) },
    { header: 'MAX ms', value: (r) => ms(r.latency.max) },
    { header: 'CPU srv/fleet', value: (r) => `${percent(r.serverCpu)}/${percent(r.fleetCpu)}` },
    {
      header: 'FLEET KiB/pump rss/heap',
      value: (r) => `${kib(r.fleetRssPerPump)}/${kib(r.fleetHeapPerPump)}`,
    },
    {
      header: 'SERVER KiB/conn rss/heap',
      value: (r) => `${kib(r.serverRssPerConnection)}/${kib(r.serverHeapPerConnection)}`,
    },
    {
      header: 'STORM s kill/listen',
      value: (r) =>
        `${seconds(r.stormMs)}/${seconds(r.stormAfterListenMs)}` +
        (r.stormReconnected < r.pumps ? ` (${r.stormReconnected} back)` : ''),
    },
    {
      header: 'CPU-s connect srv/fleet',
      value: (r) => `${cpu(r.connectCpu.server)}/${cpu(r.connectCpu.fleet)}`,
    },
    { header: 'CPU-s storm srv/fleet', value: (r) => `${cpu(r.stormCpu.server)}/${cpu(r.stormCpu.fleet)}` },
    { header: 'TARGET', value: (r) => (holdsTarget(r) ? 'held' : 'FAILED') },
  ]);
}

export function mosquittoTable(rows: readonly StepRow[]): string {
  const done = rows.flatMap((row) => (row.mosquitto ? [{ lab: row.lab, m: row.mosquitto }] : []));
  return formatTable(done, [
    { header: 'PUMPS', value: (r) => String(r.m.pumps) },
    { header: 'CONNECT s', value: (r) => seconds(r.m.connectMs) },
    { header: 'DELIVERED/s', value: (r) => rate(r.m.deliveredPerSecond) },
    { header: 'DELIVERED/EMITTED', value: (r) => `${r.m.delivered}/${r.m.emitted}` },
    { header: 'P50 ms', value: (r) => ms(r.m.latency.p50) },
    { header: 'P99 ms', value: (r) => ms(r.m.latency.p99) },
    { header: 'CPU broker/fleet', value: (r) => `${percent(r.m.brokerCpu)}/${percent(r.m.fleetCpu)}` },
    { header: 'KiB/conn rss', value: (r) => kib(r.m.brokerRssPerConnection) },
    { header: 'LAB STORED/s', value: (r) => (r.lab ? rate(r.lab.storedPerSecond) : '-') },
  ]);
}

/** Lines for what a table cannot show: losses, refusals, storms that did not finish, failed steps. */
export function notes(rows: readonly StepRow[]): string[] {
  return rows.flatMap((row) => {
    const lines: string[] = [];
    const lab = row.lab;
    if (row.error) lines.push(`${row.pumps} pumps: the step did not finish: ${row.error}`);
    if (lab && lab.dropped > 0) lines.push(`${row.pumps} pumps: the pumps' outboxes dropped ${lab.dropped}`);
    if (lab && lab.securityEvents > 0)
      lines.push(`${row.pumps} pumps: the server raised ${lab.securityEvents} security events (refusals)`);
    if (lab && lab.stormReconnected < lab.pumps)
      lines.push(
        `${row.pumps} pumps: only ${lab.stormReconnected} were back when the storm's deadline passed`,
      );
    return lines;
  });
}
