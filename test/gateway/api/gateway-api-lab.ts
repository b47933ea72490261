import { ManualClock } from '../../../core/clock.ts';
import { startGatewayApi, type GatewayApi } from '../../../gateway/api/gateway-api.ts';
import type { EventStreamLimits } from '../../../gateway/api/event-stream.ts';
import {
  startAdmissionService,
  type AdmissionService,
} from '../../../gateway/admission/admission-service.ts';
import { startGateway, type Gateway } from '../../../gateway/enforcement/gateway.ts';
import { startMonitor, type Monitor } from '../../../gateway/monitor/monitor.ts';
import { readPolicyFile, shippedPolicyPath } from '../../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../../gateway/topology/topology.ts';
import { ensureLabPki } from '../../../lab/setup/ensure-lab-pki.ts';
import { loadTlsTrust } from '../../../pki/tls/tls-material.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { clientAddress, probeOnce, startEchoServices, type Outcome } from '../enforcement/echo-lab.ts';
import { callApi, openStream, type Reply, type StreamClient } from './api-client.ts';

/** The shipped topology: enterprise is 127.40/16, biomed 127.50/16, pump-network 127.10/16. */
export const topology = readTopologyFile();
/** An office laptop in the enterprise zone, which the segmented policy lets reach nothing. */
export const laptop = clientAddress(topology, 'enterprise');
/** The biomedical workstation's zone, which segmented lets reach the pump server's REST API. */
export const biomedHost = clientAddress(topology, 'biomed');
/** Lab time zero: now, as the lab PKI's certificates are valid from now on (admission checks them). */
export const t0 = Date.now();

/** A lab PKI (with the gateway identity and one pump) in a fresh temporary folder. */
export function labPki(): string {
  const dir = tempDir('pumplab-gateway-api-');
  ensureLabPki(dir, { pumps: 1 });
  return dir;
}

/** A gateway under the segmented policy, its monitor and admission, and its API on loopback. */
export interface ApiLab {
  stateDir: string;
  clock: ManualClock;
  gateway: Gateway;
  monitor: Monitor;
  admission: AdmissionService;
  api: GatewayApi;
  request(method: string, path: string, json?: unknown): Promise<Reply>;
  openStream(): Promise<StreamClient>;
  /** Connects from `from` to `service` through the gateway, sends a probe and closes. */
  connect(from: string, service: string): Promise<Outcome>;
  close(): Promise<void>;
}

/**
 * Assembles the parts as the lab does (lab/network/start-lab-network.ts), with echo servers for
 * the services, and serves the API on 127.0.0.1, port 0.
 */
export async function startApiLab(stateDir: string, stream?: Partial<EventStreamLimits>): Promise<ApiLab> {
  const clock = new ManualClock(t0);
  const upstreams = await startEchoServices(topology);
  const admission = await startAdmissionService({
    stateDir,
    listen: { host: topology.zone('pump-network')?.gateway ?? '', port: 0 },
    pumpZone: 'pump-network',
    zoneOf: (address) => topology.zoneOf(address),
    clock,
  });
  const gateway = await startGateway({
    topology,
    policy: readPolicyFile(shippedPolicyPath('segmented'), topology),
    clock,
    listenPorts: 'ephemeral',
    upstreams,
    classifySource: (address, zone) => admission.table.classify(address, zone),
  });
  const monitor = startMonitor({ topology, decisions: gateway.decisions, clock });
  const unsubscribe = admission.log.subscribe((record) => monitor.observeAdmission(record));
  const parts = { gateway, topology, monitor, admission };
  const api = await startGatewayApi({ parts, host: '127.0.0.1', port: 0, stateDir, clock, stream });
  const { ca } = loadTlsTrust(stateDir);
  return {
    stateDir,
    clock,
    gateway,
    monitor,
    admission,
    api,
    request: (method, path, json) => callApi(api.url, ca, method, path, json),
    openStream: () => openStream(api.url, ca),
    connect: (from, service) => probeOnce(gateway.endpoint(service), from),
    close: async () => {
      await api.close();
      unsubscribe();
      monitor.close();
      await gateway.close();
      await admission.close();
    },
  };
}
