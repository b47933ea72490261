import type { LabClock } from '../../core/clock.ts';
import { seededRandom } from '../../core/random.ts';
import { pumpModel } from '../../simulators/fleet/fleet-plan.ts';
import { MqttLink, type MqttLinkOptions } from '../../simulators/pump/network/mqtt-link.ts';
import { Pump } from '../../simulators/pump/pump.ts';
import { sampleDrugLibrary } from '../../simulators/pump/sample-drug-library.ts';

export interface LonePumpOptions {
  serial: string;
  clock: LabClock;
  brokerUrl: string;
  /** The pump's key, chain and the root it trusts. */
  tls: NonNullable<MqttLinkOptions['tls']>;
  /** Link options beyond the broker, TLS, clock and random (capacity, backoff, thresholds). */
  link?: Partial<Omit<MqttLinkOptions, 'brokerUrl' | 'tls' | 'clock' | 'random'>>;
  statusIntervalMs?: number;
}

/**
 * One pump with its own MQTT link, built the way the fleet builds each of its pumps but with link
 * options the fleet does not expose (a small outbox, a short backoff). Not started.
 */
export function lonePump(options: LonePumpOptions): { pump: Pump; link: MqttLink } {
  const random = seededRandom(`lone-${options.serial}`);
  const pump = new Pump({
    serial: options.serial,
    model: pumpModel,
    firmware: '4.2.1',
    careArea: 'icu',
    mac: '02:00:00:00:00:01',
    clock: options.clock,
    random: random.fork('pump'),
    library: sampleDrugLibrary,
    ...(options.statusIntervalMs === undefined ? {} : { statusIntervalMs: options.statusIntervalMs }),
    verifySignature: () => {
      throw new Error('this pump takes no signed packages');
    },
  });
  const link = new MqttLink(pump, {
    ...options.link,
    brokerUrl: options.brokerUrl,
    clock: options.clock,
    random: random.fork('link'),
    tls: options.tls,
  });
  return { pump, link };
}
