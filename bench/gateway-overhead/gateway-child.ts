/**
 * The zone gateway in its own process, as it is its own box on a hospital network: the default
 * topology and the shipped `segmented` policy, every service on a free port of the gateway's zone
 * address, MQTT forwarded to wherever the benchmark's pump server listens. Run by
 * bench/gateway-overhead.bench.ts with one JSON argument ({@link GatewayChildConfig}).
 */
import { startGateway, type Endpoint, type Gateway } from '../../gateway/enforcement/gateway.ts';
import { readPolicyFile, shippedPolicyPath } from '../../gateway/policy/zone-policy.ts';
import { readTopologyFile } from '../../gateway/topology/topology.ts';
import { onParent, tellParent, memoryNow } from '../shared/child-protocol.ts';

export interface GatewayChildConfig {
  /** Where the pump server's broker really listens. */
  mqttUpstream: Endpoint;
}

const config = JSON.parse(process.argv[2] ?? '{}') as GatewayChildConfig;
let gateway: Gateway | undefined;

onParent(async (message) => {
  if (message.type === 'start') {
    const topology = readTopologyFile();
    gateway = await startGateway({
      topology,
      policy: readPolicyFile(shippedPolicyPath('segmented'), topology),
      listenPorts: 'ephemeral',
      upstreams: { mqtt: config.mqttUpstream },
    });
    const { host, port } = gateway.endpoint('mqtt');
    tellParent({ type: 'listening', host, port });
  } else if (message.type === 'close') {
    await gateway?.close();
    process.exit(0);
  }
});
tellParent({ type: 'ready', memory: memoryNow() });
