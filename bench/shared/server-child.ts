/**
 * The pump server in its own process, so that on a 2-core machine the server and the fleet each
 * have a core. Waits for `start` once its modules are loaded: a replacement can stand by while the
 * first server is killed, and then bind the same port within milliseconds (the connect storm).
 * Run by bench/fleet-scale.bench.ts and bench/gateway-overhead.bench.ts with one JSON argument
 * ({@link ServerChildConfig}).
 */
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';
import { memoryNow, onParent, tellParent } from './child-protocol.ts';

export interface ServerChildConfig {
  stateDir: string;
  storeFile: string;
  /** 0 for any free port. */
  port: number;
  /** Where the broker listens: default 127.0.0.1; the pump server's zone address in a zoned lab. */
  host?: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ServerChildConfig;
const server = new PumpServer({ stateDir: config.stateDir, storeFile: config.storeFile });
let securityEvents = 0;
server.securityEvents.on('event', () => (securityEvents += 1));

onParent(async (message) => {
  if (message.type === 'start') {
    const { mqtt } = await server.start({ host: config.host ?? '127.0.0.1', mqttPort: config.port });
    tellParent({ type: 'listening', port: mqtt.port });
  } else if (message.type === 'memory') {
    tellParent({ type: 'memory', memory: memoryNow(), securityEvents });
  } else if (message.type === 'close') {
    await server.close();
    process.exit(0);
  }
});
tellParent({ type: 'ready', memory: memoryNow() });
