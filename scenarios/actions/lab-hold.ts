import type { LabUnderTest } from '../engine/lab-under-test.ts';

/**
 * The longest single wait an attack that holds real sockets asks for, lab ms. A run lets long waits
 * pass much faster (lab/scenario-lab/lab-time.ts: a minute or more at the waiting speed), which
 * would squeeze a takeover or a flood into a fraction of a real second while the pumps reconnect on
 * real time; waits below a minute keep the steps' speed, so the attack keeps pace with them.
 */
const sliceMs = 50_000;

/**
 * Lets `labMs` of lab time pass in slices, so the attacker's real sockets act for as long as the
 * lab's own real-time behaviour (reconnect backoff, handshake timeouts) needs. Stops early when
 * `stop()` says so.
 */
export async function holdFor(
  lab: Pick<LabUnderTest, 'now' | 'wait'>,
  labMs: number,
  stop: () => boolean = () => false,
): Promise<void> {
  const end = lab.now() + labMs;
  for (let left = labMs; left > 0 && !stop(); left = end - lab.now()) await lab.wait(Math.min(sliceMs, left));
}
