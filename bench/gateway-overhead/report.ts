/** The benchmark's table (one row per path) and its verdict on the targets. */
import { formatTable } from '../../lab/cli/output.ts';
import { targetAddedP99Ms, targetThroughputShare } from './options.ts';
import type { Overhead, PathSummary } from './overhead.ts';

export interface PathRow {
  summary: PathSummary;
  pumps: number;
  connectMs: number;
}

const fixed = (value: number, digits = 0): string => (Number.isNaN(value) ? '-' : value.toFixed(digits));
const percent = (value: number): string => (Number.isNaN(value) ? '-' : `${(value * 100).toFixed(0)}%`);
const signed = (value: number, digits = 0): string =>
  value > 0 ? `+${fixed(value, digits)}` : fixed(value, digits);

export function pathTable(rows: readonly PathRow[]): string {
  return formatTable(rows, [
    { header: 'PATH', value: (r) => r.summary.path },
    { header: 'PUMPS', value: (r) => String(r.pumps) },
    { header: 'CONNECT s', value: (r) => fixed(r.connectMs / 1000, 1) },
    { header: 'SATURATED STORED/s', value: (r) => fixed(r.summary.saturatedPerSecond) },
    {
      header: 'SATURATED CPU fleet/srv/gw/others',
      value: ({ summary: { cpu } }) =>
        [cpu.fleet, cpu.server, cpu.gateway, cpu.others].map(percent).join('/'),
    },
    {
      header: 'CPU µs/report fleet/srv/gw',
      value: ({ summary: s }) =>
        [s.fleetMicrosPerReport, s.serverMicrosPerReport, s.gatewayMicrosPerReport]
          .map((v) => fixed(v))
          .join('/'),
    },
    { header: 'PACED STORED/EMITTED', value: (r) => `${r.summary.paced.stored}/${r.summary.paced.emitted}` },
    { header: 'P50 ms', value: (r) => fixed(r.summary.paced.latency.p50) },
    { header: 'P99 ms', value: (r) => fixed(r.summary.paced.latency.p99) },
    { header: 'MAX ms', value: (r) => fixed(r.summary.paced.latency.max) },
    {
      header: 'PROBE RTT P50/P99 ms',
      value: ({ summary: { paced } }) => `${fixed(paced.roundTrip.p50, 2)}/${fixed(paced.roundTrip.p99, 2)}`,
    },
    { header: 'OTHERS', value: (r) => percent(r.summary.paced.others) },
  ]);
}

/** The verdict lines: both figures against their targets, printed whether they hold or not. */
export function verdict(cost: Overhead): string[] {
  const held = (ok: boolean): string => (ok ? 'held' : 'MISSED');
  return [
    `throughput through the gateway: ${fixed(cost.throughputShare * 100, 1)}% of direct ` +
      `(rounds: ${cost.shares.map(percent).join(', ')}; target ≥ ${targetThroughputShare * 100}%): ` +
      held(cost.throughputHeld),
    `  by CPU per report (fleet + server + gateway), with every core busy: ` +
      `${fixed(cost.cpuBoundShare * 100, 1)}% of direct`,
    `added latency: p99 ${signed(cost.addedP99Ms)} ms (rounds: ${cost.addedP99s.map((v) => signed(v)).join(', ')}), ` +
      `p50 ${signed(cost.addedP50Ms)} ms (target p99 < ${targetAddedP99Ms} ms): ${held(cost.latencyHeld)}`,
    `added round trip (the probe's PUBLISH to PUBACK, the gateway crossed twice): ` +
      `p99 ${signed(cost.addedRoundTripP99Ms, 2)} ms ` +
      `(rounds: ${cost.addedRoundTripP99s.map((v) => signed(v, 2)).join(', ')}; ` +
      `target p99 < ${targetAddedP99Ms} ms): ${held(cost.roundTripHeld)}`,
  ];
}
