/**
 * The benchmark's lab, each part in its own process: the pump server at its zone address
 * (127.20.0.10 in the default topology), the zone gateway forwarding MQTT to it, and one driven
 * fleet per path, each pump from its own pump-network address: one fleet straight to the server,
 * the other, different pumps of the same size, through the gateway.
 */
import { progress } from '../../lab/cli/output.ts';
import { readTopologyFile } from '../../gateway/topology/topology.ts';
import { BenchChild } from '../shared/bench-child.ts';
import type { ServerChildConfig } from '../shared/server-child.ts';
import { DrivenFleet } from './driven-fleet.ts';
import type { GatewayChildConfig } from './gateway-child.ts';
import type { PathName } from './overhead-rounds.ts';

/** A name on the pump server's certificate (lab/setup/lab-identities.ts); its zone address is not. */
const serverName = 'pump-server';

export interface LabSettings {
  /** The lab state directory holding the PKI, with identities for twice `pumps` and two probes. */
  stateDir: string;
  /** The pump server's event store. */
  storeFile: string;
  /** Pumps in each path's fleet. */
  pumps: number;
}

export class OverheadLab {
  private constructor(
    readonly server: BenchChild,
    readonly gateway: BenchChild,
    readonly fleets: Record<PathName, DrivenFleet>,
  ) {}

  /** Starts the server, the gateway, then both fleets; whatever started is stopped if a step fails. */
  static async start(settings: LabSettings): Promise<OverheadLab> {
    const mqtt = readTopologyFile().service('mqtt');
    if (!mqtt) throw new Error('the default topology has no mqtt service');
    const started: Array<{ stop(): Promise<void> }> = [];
    try {
      const { stateDir, storeFile } = settings;
      const serverConfig: ServerChildConfig = { stateDir, storeFile, port: 0, host: mqtt.address };
      const server = BenchChild.spawn(new URL('../shared/server-child.ts', import.meta.url), serverConfig, {
        files: settings.pumps * 2,
      });
      started.push(server);
      await server.next('ready', 60_000);
      const { port } = await server.request({ type: 'start' }, 'listening', 30_000);
      const upstream = { host: mqtt.address, port };
      const gatewayConfig: GatewayChildConfig = { mqttUpstream: upstream };
      // The gateway holds two sockets for each pump of its fleet.
      const gateway = BenchChild.spawn(new URL('./gateway-child.ts', import.meta.url), gatewayConfig, {
        files: settings.pumps * 2,
      });
      started.push(gateway);
      await gateway.next('ready', 60_000);
      const endpoint = await gateway.request({ type: 'start' }, 'listening', 30_000);
      const viaGateway = `${endpoint.host ?? '127.0.0.1'}:${endpoint.port}`;
      const fleet = { stateDir: settings.stateDir, servername: serverName, count: settings.pumps };
      // Pumps 1..N go direct, N+1..2N through the gateway; each fleet's probe comes after both.
      const probeIndex = 2 * settings.pumps + 1;
      progress(`direct: ${settings.pumps} pumps connecting to ${upstream.host}:${port}`);
      const direct = await DrivenFleet.start({
        ...fleet,
        brokerUrl: `mqtts://${upstream.host}:${port}`,
        firstIndex: 1,
        probeIndex,
      });
      started.push(direct);
      progress(
        `gateway: ${settings.pumps} pumps connecting to ${viaGateway}, forwarded to ${upstream.host}:${port}`,
      );
      const through = await DrivenFleet.start({
        ...fleet,
        brokerUrl: `mqtts://${viaGateway}`,
        firstIndex: settings.pumps + 1,
        probeIndex: probeIndex + 1,
      });
      return new OverheadLab(server, gateway, { direct, gateway: through });
    } catch (error) {
      for (const part of started.reverse()) await part.stop();
      throw error;
    }
  }

  /** Stops the fleets, then the gateway, then the server. */
  async close(): Promise<void> {
    await this.fleets.gateway.stop();
    await this.fleets.direct.stop();
    await this.gateway.stop();
    await this.server.stop();
  }
}
