import net, { type Server, type Socket } from 'node:net';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { plainIpv4 } from '../topology/ipv4-range.ts';
import type { Service } from '../topology/topology.ts';
import type { ZonePolicy, PolicyDecision } from '../policy/zone-policy.ts';
import type { DecisionLog } from './decision-log.ts';
import { pumpBytes } from './byte-pump.ts';
import type { GatewayLimits, SourceCounter } from './connection-limits.ts';
import type { ConnectionRateLimiter } from './connection-rate.ts';
import type { FlowTable } from './flow-table.ts';
import type { UnreachableFlowLog } from './unreachable-flows.ts';

/** What one service listener shares with the gateway. */
export interface ListenerContext {
  policy(): ZonePolicy;
  log: DecisionLog;
  logger: Logger;
  clock: Clock;
  limits: GatewayLimits;
  sources: SourceCounter;
  /** New connections per source per window, when the gateway limits the rate. */
  rate?: ConnectionRateLimiter;
  /** Every socket the gateway holds open, so `close()` can end them. */
  open: Set<Socket>;
  flows: FlowTable;
  /** Allowed flows whose service did not answer. */
  unreachable: UnreachableFlowLog;
  /** The zone a source is held in: its address's zone, or `quarantine` when admission holds it. */
  zoneOf(address: string): string;
}

/** Where the gateway listens for a service, and where it forwards to. */
export interface ListenerPlan {
  service: Service;
  listen: { host: string; port: number };
  /** Asked at each connection: a lab's service may have bound its port after the gateway started. */
  upstream: () => { host: string; port: number };
}

const limitDecision = (policy: string, fromZone: string): PolicyDecision => ({
  verdict: 'deny',
  fromZone,
  rule: { policy: 'gateway', number: null, line: null, why: `source at its connection limit (${policy})` },
});

/**
 * Decides a flow: the zone policy first, then, for a flow it allows, the source's connection rate
 * and its open connections. `admitted` is true only when all three let it through (and a slot of
 * the source's open connections is then taken).
 */
function decide(
  fromAddress: string,
  service: Service,
  context: ListenerContext,
): { decision: PolicyDecision; admitted: boolean } {
  const policy = context.policy();
  const fromZone = context.zoneOf(fromAddress);
  const decision = policy.decide({ fromAddress, fromZone, toZone: service.zone, service: service.name });
  if (decision.verdict !== 'allow') return { decision, admitted: false };
  if (context.rate && !context.rate.admit(fromAddress)) {
    return {
      decision: { verdict: 'deny', fromZone: decision.fromZone, rule: context.rate.rule },
      admitted: false,
    };
  }
  if (!context.sources.acquire(fromAddress)) {
    return { decision: limitDecision(policy.name, decision.fromZone), admitted: false };
  }
  return { decision, admitted: true };
}

/**
 * Handles one accepted connection: decides by policy from the real source address, logs the
 * decision, then refuses it (TCP reset) or pumps it to the real service.
 */
function handleConnection(client: Socket, plan: ListenerPlan, context: ListenerContext): void {
  const { service } = plan;
  const fromAddress = plainIpv4(client.remoteAddress) ?? 'unknown';
  const { decision, admitted } = decide(fromAddress, service, context);
  context.log.record({
    at: context.clock.now(),
    fromAddress,
    toZone: service.zone,
    service: service.name,
    ...decision,
  });
  const fields = { fromAddress, fromZone: decision.fromZone, service: service.name, rule: decision.rule };
  if (!admitted) {
    context.logger.info(fields, 'flow denied');
    client.resetAndDestroy();
    return;
  }
  context.logger.debug(fields, 'flow allowed');
  context.open.add(client);
  const upstream = net.connect({ ...plan.upstream(), localAddress: plan.listen.host, allowHalfOpen: true });
  context.open.add(upstream);
  upstream.setTimeout(context.limits.connectTimeoutMs, () => upstream.destroy(new Error('connect timeout')));
  let pumping = false;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    context.open.delete(client);
    context.open.delete(upstream);
    context.sources.release(fromAddress);
  };
  // The client may leave while the service is still being reached: drop the half-made flow.
  client.once('close', () => {
    if (pumping) return;
    upstream.destroy();
    release();
  });
  upstream.once('error', (error) => {
    if (pumping) return;
    context.logger.warn({ ...fields, err: error.message }, 'service unreachable; flow reset');
    context.unreachable.record({
      at: context.clock.now(),
      fromAddress,
      fromZone: decision.fromZone,
      toZone: service.zone,
      service: service.name,
      reason: (error as NodeJS.ErrnoException).code ?? error.message,
    });
    client.resetAndDestroy();
    release();
  });
  upstream.once('connect', () => {
    if (client.destroyed) return;
    pumping = true;
    upstream.setTimeout(0);
    // Relay each write at once, as the endpoints asked: with Nagle on, a pump's PUBLISH waited for
    // the ACK of its last segment and its PUBACK came ~40 ms late (bench/gateway-overhead).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    context.flows.record(plan.listen.host, upstream.localPort ?? 0, {
      fromAddress,
      fromPort: client.remotePort ?? 0,
      fromZone: decision.fromZone,
      service: service.name,
      openedAt: context.clock.now(),
    });
    pumpBytes(client, upstream, context.limits, (reason, error) => {
      release();
      if (reason !== 'closed') context.logger.info({ ...fields, reason, err: error?.message }, 'flow cut');
    });
  });
}

/** Starts the listener of one service on the gateway's address in the service's zone. */
export async function startServiceListener(plan: ListenerPlan, context: ListenerContext): Promise<Server> {
  // pauseOnConnect: not a byte is read from the client before the policy has decided.
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => {
    client.on('error', () => client.destroy());
    handleConnection(client, plan, context);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(plan.listen.port, plan.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
