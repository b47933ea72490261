/**
 * The benchmark's settings from its flags. Full run: 500 pumps a path, 5 rounds of 10 s windows.
 * `--quick`: 200 pumps, 2 rounds of 5 s. Overrides: `--pumps=1000`, `--seconds=20`, `--rounds=5`,
 * `--rate=1000` (reports/s of the paced window), `--in-flight=4` (reports awaiting PUBACK per pump
 * in the saturating window).
 */

/** The targets: through the gateway, at least this share of direct throughput... */
export const targetThroughputShare = 0.8;
/** ...and less than this much added to the p99 latency (ms). */
export const targetAddedP99Ms = 2;

export interface OverheadOptions {
  /** Pumps in each path's fleet. */
  pumps: number;
  /** Length of each measured window, seconds. */
  seconds: number;
  /** Rounds of windows, each path measured once a round, so a burst of other load hits both alike. */
  rounds: number;
  /** Saturating load before the windows, so both paths are measured warm (JIT, TLS sessions). */
  warmupSeconds: number;
  /** Reports per second over the whole fleet in the latency window: well under either path's limit. */
  pacedPerSecond: number;
  /** Reports each pump keeps awaiting PUBACK in the throughput window. */
  inFlightPerPump: number;
}

const flag = (args: readonly string[], name: string): string | undefined =>
  args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);

function positive(args: readonly string[], name: string, fallback: number): number {
  const value = flag(args, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} takes a positive integer`);
  return parsed;
}

/** Reads the flags (`process.argv.slice(2)`). */
export function parseOptions(args: readonly string[]): OverheadOptions {
  const quick = args.includes('--quick');
  return {
    pumps: positive(args, 'pumps', quick ? 200 : 500),
    seconds: positive(args, 'seconds', quick ? 5 : 10),
    rounds: positive(args, 'rounds', quick ? 2 : 5),
    warmupSeconds: quick ? 3 : 5,
    pacedPerSecond: positive(args, 'rate', 1_000),
    inFlightPerPump: positive(args, 'in-flight', 4),
  };
}
