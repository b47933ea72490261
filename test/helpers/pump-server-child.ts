// Run as a separate process: `node --import tsx pump-server-child.ts STATE_DIR PORT`. Starts a pump
// server on 127.0.0.1:PORT over the lab in STATE_DIR, prints `{"port":N}` once it listens, and
// closes cleanly on SIGTERM. Tests kill it with SIGKILL to crash it mid-stream.
import { PumpServer } from '../../simulators/pump-server/pump-server.ts';

const [stateDir = '', port = '0'] = process.argv.slice(2);
const server = new PumpServer({ stateDir });
const { mqtt } = await server.start({ host: '127.0.0.1', mqttPort: Number(port) });
process.stdout.write(`${JSON.stringify({ port: mqtt.port })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
