import type { ImpactFinding } from '../outcome.ts';
import type { PumpView } from '../lab-under-test.ts';
import type { RunRecord } from '../run-record.ts';
import { count } from './figures.ts';

/** What one pump runs that the hospital never published. */
export interface TamperedPump {
  serial: string;
  library?: string;
  firmware?: string;
}

/**
 * What `pump` runs now that the hospital did not give it: a drug library that is neither a release
 * the pump server published before the attack nor the library the pump had at the start, or
 * firmware other than it had at the start that the hospital never rolled out.
 */
export function tamperedSoftware(
  pump: PumpView,
  atStart: PumpView | undefined,
  releases: { libraries: string[]; firmware: string[] },
): TamperedPump | null {
  // A package installed with no signature checked, not a hospital release: whatever version it
  // claims (a rebuilt 2.4.0 image says 2.4.0), the hospital never gave it.
  const unsigned = (kind: 'library' | 'firmware', published: string[]): string | undefined =>
    pump.installs
      .filter((install) => install.at >= (atStart ? startOf(atStart) : 0))
      .find((install) => install.kind === kind && !install.signed && !published.includes(install.version))
      ?.version;
  const library =
    pump.libraryVersion !== null &&
    pump.libraryVersion !== atStart?.libraryVersion &&
    !releases.libraries.includes(pump.libraryVersion)
      ? pump.libraryVersion
      : unsigned('library', releases.libraries);
  const firmware =
    pump.firmware !== atStart?.firmware && !releases.firmware.includes(pump.firmware)
      ? pump.firmware
      : unsigned('firmware', releases.firmware);
  if (library === undefined && firmware === undefined) return null;
  return {
    serial: pump.serial,
    ...(library === undefined ? {} : { library }),
    ...(firmware === undefined ? {} : { firmware }),
  };
}

/** Installs the pump had made before the run began are the factory's: the run counts only later ones. */
const startOf = (atStart: PumpView): number =>
  Math.max(0, ...atStart.installs.map((install) => install.at + 1));

const described = (pump: TamperedPump): string =>
  [
    pump.library === undefined ? undefined : `drug library ${pump.library}`,
    pump.firmware === undefined ? undefined : `firmware ${pump.firmware}`,
  ]
    .filter((part) => part !== undefined)
    .map((part) => `pump ${pump.serial} runs ${part}`)
    .join(', ');

/**
 * software-tampered: pumps that, after the exposure, run a drug library or firmware the hospital
 * never published. The hospital's releases are those its pump server held before the attack, so a
 * library the attacker uploaded through the server does not count as published.
 *
 * @example softwareTampered(record).clinical // "1 pump runs software the hospital never published: pump P-0002 runs drug library 2024.1-x."
 */
export function softwareTampered(record: RunRecord): ImpactFinding {
  const start = new Map(record.before.pumps.map((pump) => [pump.serial, pump]));
  const tampered = record.after.pumps
    .map((pump) => tamperedSoftware(pump, start.get(pump.serial), record.before.releases))
    .filter((pump): pump is TamperedPump => pump !== null);
  const figures = {
    pumps: tampered.length,
    libraries: tampered.filter((pump) => pump.library !== undefined).length,
    firmware: tampered.filter((pump) => pump.firmware !== undefined).length,
  };
  if (tampered.length === 0) {
    return {
      kind: 'software-tampered',
      observed: false,
      clinical: 'Every pump runs a drug library and firmware the hospital published.',
      figures,
    };
  }
  const verb = tampered.length === 1 ? 'runs' : 'run';
  return {
    kind: 'software-tampered',
    observed: true,
    clinical: `${count(tampered.length, 'pump')} ${verb} software the hospital never published: ${tampered.map(described).join('; ')}.`,
    figures,
  };
}
