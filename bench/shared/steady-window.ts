/** A window of steady load, timed on the wall clock, with the CPU each watched process used in it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { busyCores, coreShare, sampleMachine, sampleProc } from './proc-stats.ts';

export interface Window {
  /** Wall-clock epoch milliseconds, `[from, to)`. */
  from: number;
  to: number;
  /** Share of a core each watched process used during the window, by pid. */
  cpu: Map<number, number>;
  /** Cores the whole machine kept busy: beyond the watched processes', the load of everything else. */
  machineCores: number;
}

/** Lets the load run for `seconds`, watching the CPU of `pids`. */
export async function steadyWindow(seconds: number, pids: readonly number[]): Promise<Window> {
  const first = pids.map((pid) => sampleProc(pid));
  const machine = sampleMachine();
  const from = Date.now();
  await sleep(seconds * 1000);
  const to = Date.now();
  const cpu = new Map(pids.map((pid, i) => [pid, coreShare(first[i], sampleProc(pid))]));
  return { from, to, cpu, machineCores: busyCores(machine, sampleMachine()) };
}
