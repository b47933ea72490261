/**
 * The benchmark's settings from its flags. Full run: the target, 1,000 → 10,000 pumps each
 * reporting every 10 s for 60 s. `--quick`: 500 pumps for 20 s. Overrides: `--pumps=2500,5000`,
 * `--seconds=30`, `--interval-ms=10000`, `--no-mosquitto`, `--profile` (CPU profiles of the children).
 */
import os from 'node:os';
import path from 'node:path';

export interface BenchOptions {
  steps: number[];
  seconds: number;
  statusIntervalMs: number;
  mosquitto: boolean;
  /** Where `--cpu-prof` writes, when profiling. */
  profileDir: string | undefined;
}

/** The target of issue 3: p99 publish-to-stored latency under this, and nothing lost. */
export const targetP99Ms = 250;

const flag = (args: readonly string[], name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

function positive(value: string, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} takes positive integers`);
  return parsed;
}

/** Reads the flags (`process.argv.slice(2)`). */
export function parseOptions(args: readonly string[]): BenchOptions {
  const quick = args.includes('--quick');
  const pumps = flag(args, 'pumps');
  const seconds = flag(args, 'seconds');
  const interval = flag(args, 'interval-ms');
  return {
    steps: pumps
      ? pumps.split(',').map((value) => positive(value, 'pumps'))
      : quick
        ? [500]
        : [1_000, 2_500, 5_000, 10_000],
    seconds: seconds ? positive(seconds, 'seconds') : quick ? 20 : 60,
    statusIntervalMs: interval ? positive(interval, 'interval-ms') : 10_000,
    mosquitto: !args.includes('--no-mosquitto'),
    profileDir: args.includes('--profile')
      ? path.join(os.tmpdir(), `pumplab-bench-profiles-${Date.now()}`)
      : undefined,
  };
}
