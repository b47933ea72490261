/**
 * What Linux says about a process, whatever it runs (Node or Mosquitto): its resident memory and
 * the CPU time it has used (proc(5): /proc/PID/status VmRSS, /proc/PID/stat utime and stime).
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

export interface ProcSample {
  /** Bytes resident. */
  rss: number;
  /** CPU seconds, user and system. */
  cpuSeconds: number;
  /** When the sample was taken (performance.now(), ms). */
  at: number;
}

/** Samples process `pid`; undefined when it is gone or this is not Linux. */
export function sampleProc(pid: number): ProcSample | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rss: rssKib * 1024, cpuSeconds: ticks / ticksPerSecond, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** CPU seconds the process used between two samples. */
export function cpuSecondsBetween(first: ProcSample | undefined, last: ProcSample | undefined): number {
  return first && last ? last.cpuSeconds - first.cpuSeconds : Number.NaN;
}

/** Share of one core the process used between two samples (1 = one core busy). */
export function coreShare(first: ProcSample | undefined, last: ProcSample | undefined): number {
  if (!first || !last || last.at <= first.at) return Number.NaN;
  return (last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000);
}

/** The whole machine's CPU time so far (proc(5): /proc/stat, first line), in seconds over all cores. */
export interface MachineSample {
  busySeconds: number;
  at: number;
}

/** Samples the machine's busy CPU time; undefined when this is not Linux. */
export function sampleMachine(): MachineSample | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const ticks = [user, nice, system, irq, softirq, steal].reduce<number>(
      (sum, value) => sum + (value ?? 0),
      0,
    );
    return { busySeconds: ticks / ticksPerSecond, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** Cores the whole machine kept busy between two samples (2 = both cores of a 2-core machine). */
export function busyCores(first: MachineSample | undefined, last: MachineSample | undefined): number {
  if (!first || !last || last.at <= first.at) return Number.NaN;
  return (last.busySeconds - first.busySeconds) / ((last.at - first.at) / 1000);
}
