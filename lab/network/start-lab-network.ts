import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { startAdmissionService, type AdmissionService } from '../../gateway/admission/admission-service.ts';
import { startGatewayApi, type GatewayApi } from '../../gateway/api/gateway-api.ts';
import type { ConnectionRate } from '../../gateway/enforcement/connection-rate.ts';
import { startGateway, type Gateway } from '../../gateway/enforcement/gateway.ts';
import { plainIpv4 } from '../../gateway/topology/ipv4-range.ts';
import { startMonitor, type Monitor } from '../../gateway/monitor/monitor.ts';
import { readPolicyFile, shippedPolicyPath } from '../../gateway/policy/zone-policy.ts';
import { readTopologyFile, type Topology } from '../../gateway/topology/topology.ts';
import type { LabNetwork } from './lab-network.ts';
import { pumpZoneGuard } from './pump-zone-guard.ts';
import { singleHostNetwork } from './single-host-network.ts';
import { zonedNetwork } from './zoned-network.ts';

/** The zoned lab's choices: its topology, its policy, and whether pumps must be admitted. */
export interface ZoneOptions {
  /** A topology file; default gateway/topology/default-topology.yaml. */
  topologyFile?: string;
  /** `flat`, `segmented` (default) or the path of a policy file. */
  policy?: string;
  /** Pumps join the pump network only once the gateway admits their device certificate. Default off. */
  admission?: boolean;
}

export interface LabNetworkOptions {
  stateDir: string;
  /** Every component on this host, with no gateway; absent: the zoned lab. */
  host?: string;
  zones?: ZoneOptions;
  /** The gateway and admission listen on free ports instead of the services' own (tests, labs side by side). */
  freePorts: boolean;
  /** The gateway's management API on the lab host's 127.0.0.1; default 8090 (0 with `freePorts`). */
  apiPort?: number;
  /** The security monitor runs beside the gateway (the "monitoring" control). Default true. */
  monitoring?: boolean;
  /** The gateway refuses a source opening connections faster than this (the "rate limits" control). Default none. */
  connectionRate?: ConnectionRate;
  clock: Clock;
  logger: Logger;
}

/** The lab's network and, when zoned, the gateway, its monitor and its admission service. */
export interface LabNetworkParts {
  network: LabNetwork;
  topology: Topology;
  gateway?: Gateway;
  monitor?: Monitor;
  admission?: AdmissionService;
  /** Where pumps ask to be admitted, when admission runs. */
  admissionEndpoint?: { host: string; port: number };
  /** The gateway's REST API and live event stream, for the trainer's tools on the lab host. */
  api?: GatewayApi;
  close(): Promise<void>;
}

/** The gateway API's port on the lab host. */
export const gatewayApiPort = 8090;

/** The lab host's own loopback: the trainer's console, outside every zone of the hospital. */
const labHost = '127.0.0.1';

/** The port of the admission service on the pump network's gateway address (RADIUS authentication). */
export const admissionPort = 1812;

/** Resolves `flat`/`segmented` to the shipped file, anything else as a path. */
export const policyPath = (policy: string): string =>
  policy === 'flat' || policy === 'segmented' ? shippedPolicyPath(policy) : policy;

/**
 * Starts what the components will live on: for a zoned lab the gateway (every cross-zone flow), its
 * monitor unless monitoring is off, and with admission on the admission service; for a single host,
 * nothing.
 * @throws PumplabError GATEWAY_TOPOLOGY_INVALID, GATEWAY_POLICY_INVALID, GATEWAY_LISTEN_FAILED
 */
export async function startLabNetwork(options: LabNetworkOptions): Promise<LabNetworkParts> {
  const topology = readTopologyFile(options.zones?.topologyFile);
  if (options.host !== undefined) {
    const network = singleHostNetwork(options.host, topology);
    return { network, topology, close: () => Promise.resolve() };
  }
  const { clock, logger } = options;
  const policy = readPolicyFile(policyPath(options.zones?.policy ?? 'segmented'), topology);
  const pumpZone = topology.components.find((component) => component.name === 'pump')?.zone ?? '';
  const admissionHost = topology.zone(pumpZone)?.gateway ?? '';
  const admission = options.zones?.admission
    ? await startAdmissionService({
        stateDir: options.stateDir,
        listen: { host: admissionHost, port: options.freePorts ? 0 : admissionPort },
        pumpZone,
        zoneOf: (address) => topology.zoneOf(address),
        clock,
        logger,
      })
    : undefined;
  // The network and the gateway know each other: the gateway asks the network where services
  // bound, and components ask the network for the gateway's endpoints once it listens.
  const started: { gateway?: Gateway } = {};
  const network = zonedNetwork(
    topology,
    (service) => {
      if (!started.gateway) throw new Error('the gateway is not started');
      return started.gateway.endpoint(service);
    },
    admission && pumpZoneGuard(admission, admissionHost, clock),
  );
  const gateway = await startGateway({
    topology,
    policy,
    clock,
    logger,
    listenPorts: options.freePorts ? 'ephemeral' : 'service',
    upstreams: (service) => network.upstream(service),
    ...(options.connectionRate ? { limits: { connectionRate: options.connectionRate } } : {}),
    ...(admission ? { classifySource: (address, zone) => admission.table.classify(address, zone) } : {}),
  }).catch(async (error: unknown) => {
    await admission?.close();
    throw error;
  });
  started.gateway = gateway;
  const monitor =
    options.monitoring === false
      ? undefined
      : startMonitor({
          topology,
          decisions: gateway.decisions,
          clock,
          logger,
          resolveSource: (source) => {
            const origin = gateway.flows.originOf(source);
            return origin && { address: origin.fromAddress, zone: origin.fromZone };
          },
        });
  const unsubscribe = monitor && admission?.log.subscribe((record) => monitor.observeAdmission(record));
  const closeGateway = async (): Promise<void> => {
    unsubscribe?.();
    monitor?.close();
    await gateway.close();
    await admission?.close();
  };
  // Only the lab host itself may read the logs or switch the policy: no zone's component (the
  // attacker's laptop included) can turn segmentation off.
  const api = await startGatewayApi({
    parts: { gateway, topology, ...(monitor ? { monitor } : {}), ...(admission ? { admission } : {}) },
    host: labHost,
    port: options.apiPort ?? (options.freePorts ? 0 : gatewayApiPort),
    stateDir: options.stateDir,
    logger,
    clock,
    acceptFrom: (address) => plainIpv4(address) === labHost,
  }).catch(async (error: unknown) => {
    await closeGateway();
    throw error;
  });
  return {
    network,
    topology,
    gateway,
    ...(monitor ? { monitor } : {}),
    api,
    ...(admission ? { admission, admissionEndpoint: { host: admissionHost, port: admission.port } } : {}),
    close: async () => {
      await api.close();
      await closeGateway();
    },
  };
}
