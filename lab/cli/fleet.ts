import type { Command } from 'commander';
import { z } from 'zod';
import { ScaledClock } from '../../core/clock.ts';
import { Fleet, type FleetStats } from '../../simulators/fleet/fleet.ts';
import { emit, progress } from './output.ts';
import { cliAction, cliLogger, firmwareMix, stateOptionsSchema, withStateOptions } from './shared-options.ts';
import { untilInterrupted } from './until-interrupted.ts';

const fleetOptions = stateOptionsSchema.extend({
  pumps: z.coerce.number().int().min(1).max(99_999),
  broker: z.string().regex(/^mqtts?:\/\/[^/]+$/, 'mqtt://host:port or mqtts://host:port'),
  seed: z.string().default('pumplab'),
  clockSpeed: z.coerce.number().positive().max(3600),
  firstIndex: z.coerce.number().int().min(1).default(1),
  clientCert: z.boolean(),
  servername: z.string().optional(),
  firmware: z.string().optional(),
  reportEvery: z.coerce.number().positive().default(5),
});

const describeStats = (stats: FleetStats): string =>
  `${stats.connected}/${stats.pumps} connected, ${stats.acknowledged} acknowledged, ` +
  `${stats.buffered} buffered, ${stats.dropped} dropped, ${stats.reconnects} reconnects`;

/**
 * `pumplab fleet`: runs N pumps against any MQTT 3.1.1 broker (the lab's, or a vendor's Mosquitto
 * with lab-issued certificates) until interrupted, reporting link statistics.
 */
export function registerFleet(program: Command): void {
  withStateOptions(program.command('fleet').description('run a fleet of pumps against an MQTT broker'))
    .requiredOption('--pumps <count>', 'how many pumps')
    .requiredOption('--broker <url>', 'mqtts://host:port (or mqtt:// without TLS)')
    .option('--seed <seed>', 'same seed, same ward')
    .option('--clock-speed <x>', 'lab time runs this many times faster than real time', '1')
    .option('--first-index <n>', 'serial index of the first pump (for shards)')
    .option('--no-client-cert', 'connect without device certificates (a posture without mutual TLS)')
    .option('--servername <name>', "the name on the broker's certificate, when the URL host is not on it")
    .option('--firmware <mix>', 'firmware versions with weights, e.g. 2.4.0:3,4.2.1:1')
    .option('--report-every <seconds>', 'how often to print statistics')
    .action(
      cliAction(fleetOptions, async (options) => {
        const mix = firmwareMix(options.firmware);
        const fleet = await Fleet.start({
          stateDir: options.dir,
          brokerUrl: options.broker,
          count: options.pumps,
          firstIndex: options.firstIndex,
          seed: options.seed,
          clock: new ScaledClock(options.clockSpeed),
          logger: cliLogger(),
          presentCertificates: options.clientCert,
          ...(options.servername ? { servername: options.servername } : {}),
          ...(mix ? { firmwareMix: mix } : {}),
        });
        progress(`fleet of ${options.pumps} pumps running against ${options.broker}; Ctrl-C stops it`);
        const timer = setInterval(() => progress(describeStats(fleet.stats())), options.reportEvery * 1000);
        await untilInterrupted();
        clearInterval(timer);
        const stats = fleet.stats();
        await fleet.close();
        emit(options, stats, () => `fleet stopped: ${describeStats(stats)}`);
      }),
    );
}
