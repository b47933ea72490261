import type { Server, Socket } from 'node:net';
import { PumplabError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Topology } from '../topology/topology.ts';
import type { ZonePolicy } from '../policy/zone-policy.ts';
import { DecisionLog } from './decision-log.ts';
import { defaultLimits, SourceCounter, type GatewayLimits } from './connection-limits.ts';
import { ConnectionRateLimiter } from './connection-rate.ts';
import { UnreachableFlowLog } from './unreachable-flows.ts';
import { FlowTable } from './flow-table.ts';
import { startServiceListener, type ListenerContext, type ListenerPlan } from './service-listener.ts';

/** Where something listens. */
export interface Endpoint {
  host: string;
  port: number;
}

export interface GatewayOptions {
  topology: Topology;
  policy: ZonePolicy;
  logger?: Logger;
  clock?: Clock;
  limits?: Partial<GatewayLimits>;
  /** Decisions kept for queries (ring buffer entries). */
  logCapacity?: number;
  /**
   * 'service' (default) listens on each service's own port; 'ephemeral' on a free port (tests,
   * a lab beside other labs): read the port back with `endpoint(service)`.
   */
  listenPorts?: 'service' | 'ephemeral';
  /**
   * Where a service really runs, when not at its component's address and the service port: a map,
   * or a lookup asked at each connection (a lab whose services pick free ports after the gateway starts).
   */
  upstreams?: Readonly<Record<string, Endpoint>> | ((service: string) => Endpoint | undefined);
  /**
   * Device admission (gateway/admission): the zone a source is held in given its address's zone,
   * `quarantine` for a device not admitted. Without it every source is in its address's zone.
   */
  classifySource?: (address: string, zone: string) => string;
}

/** A running gateway. */
export interface Gateway {
  /** Every decision: query it, subscribe to it, stream it. */
  readonly decisions: DecisionLog;
  /** Who really opened each forwarded flow, by the address and port the service saw. */
  readonly flows: FlowTable;
  /** Allowed flows whose service did not answer behind the gateway. */
  readonly unreachable: UnreachableFlowLog;
  /** The policy new connections are decided by. */
  readonly policy: ZonePolicy;
  /** Where a client reaches `service` through the gateway. */
  endpoint(service: string): Endpoint;
  /** Switches policy for new connections; flows already open keep running. */
  setPolicy(policy: ZonePolicy): void;
  /** Closes every listener and every open flow. */
  close(): Promise<void>;
}

function plans(options: GatewayOptions): ListenerPlan[] {
  return options.topology.services.map((service) => {
    const zone = options.topology.zone(service.zone);
    if (!zone) throw new PumplabError('GATEWAY_TOPOLOGY_INVALID', `No zone '${service.zone}'.`);
    const port = options.listenPorts === 'ephemeral' ? 0 : service.port;
    const standard = { host: service.address, port: service.port };
    const { upstreams } = options;
    const upstream =
      typeof upstreams === 'function'
        ? () => upstreams(service.name) ?? standard
        : () => upstreams?.[service.name] ?? standard;
    return { service, listen: { host: zone.gateway, port }, upstream };
  });
}

/**
 * Starts the gateway: for every service of every zone, a listener on the gateway's address in that
 * zone which decides each connection by the zone policy from its real source address, logs the
 * decision, and forwards the bytes or refuses (SP 1800-8 Vol B 4.2: zones meet only at the gateway).
 *
 * @example const gateway = await startGateway({ topology, policy: readPolicyFile(shippedPolicyPath('segmented'), topology) })
 * @throws PumplabError GATEWAY_LISTEN_FAILED when an address and port is taken
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const limits = { ...defaultLimits, ...options.limits };
  const logger = (options.logger ?? silentLogger).child({ component: 'gateway' });
  let policy = options.policy;
  const open = new Set<Socket>();
  const clock = options.clock ?? systemClock;
  const context: ListenerContext = {
    policy: () => policy,
    log: new DecisionLog(options.logCapacity),
    logger,
    clock,
    limits,
    sources: new SourceCounter(limits.maxConnectionsPerSource),
    ...(limits.connectionRate ? { rate: new ConnectionRateLimiter(limits.connectionRate, clock) } : {}),
    open,
    flows: new FlowTable(),
    unreachable: new UnreachableFlowLog(options.logCapacity),
    zoneOf: (address) => {
      const zone = options.topology.zoneOf(address);
      return options.classifySource ? options.classifySource(address, zone) : zone;
    },
  };
  const servers = new Map<string, { server: Server; endpoint: Endpoint }>();
  const closeAll = async (): Promise<void> => {
    for (const socket of open) socket.destroy();
    open.clear();
    await Promise.all([...servers.values()].map(({ server }) => new Promise((done) => server.close(done))));
    servers.clear();
  };
  for (const plan of plans(options)) {
    try {
      const server = await startServiceListener(plan, context);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : plan.listen.port;
      servers.set(plan.service.name, { server, endpoint: { host: plan.listen.host, port } });
    } catch (cause) {
      await closeAll();
      const where = `${plan.listen.host}:${plan.listen.port}`;
      throw new PumplabError(
        'GATEWAY_LISTEN_FAILED',
        `Gateway cannot listen on ${where}.`,
        { where },
        { cause },
      );
    }
  }
  logger.info({ services: servers.size, policy: policy.name }, 'gateway started');
  return {
    decisions: context.log,
    flows: context.flows,
    unreachable: context.unreachable,
    get policy() {
      return policy;
    },
    endpoint(service) {
      const entry = servers.get(service);
      if (!entry)
        throw new PumplabError('INPUT_INVALID', `The gateway has no service '${service}'.`, { service });
      return entry.endpoint;
    },
    setPolicy(next) {
      logger.info({ from: policy.name, to: next.name }, 'policy switched');
      policy = next;
    },
    close: closeAll,
  };
}
