import {
  drugLibrarySchema,
  type DrugEntry,
  type DrugLibrary,
} from '../../simulators/contract/drug-library.ts';
import { buildFirmwareImage } from '../../simulators/contract/firmware-image.ts';
import { pumpModel } from '../../simulators/fleet/fleet-plan.ts';
import { compareVersions } from '../../simulators/pump/firmware-catalog.ts';
import { sampleDrugLibrary, sampleDrugLibraryBytes } from '../../simulators/pump/sample-drug-library.ts';

/** The highest rate the library format allows an area, mL/h (drug-library.ts). */
const formatMaxRate = 1200;

/** The legacy firmware a downgrade brings back: open shell, unsigned packages, clear store. */
export const downgradeVersion = '2.4.0';

/**
 * The lab's library with every limit raised by `factor` (hard and soft maxima, each area's maximum
 * rate) under `version`: what a tampered data set looks like to a pump (ICSMA-23-194-01,
 * CVE-2023-30562). Validated against the contract schema, so only the limits are wrong.
 *
 * @example const bytes = tamperedLibrary(10, nextVersion(['1.0.0'])) // '1.0.1', limits ×10
 */
export function tamperedLibrary(
  factor: number,
  version: string,
  base: DrugLibrary = sampleDrugLibrary,
): Buffer {
  const raise = (drug: DrugEntry): DrugEntry => ({
    ...drug,
    limits: {
      ...drug.limits,
      hardMax: drug.limits.hardMax * factor,
      ...(drug.limits.softMax === undefined ? {} : { softMax: drug.limits.softMax * factor }),
    },
  });
  const library = drugLibrarySchema.parse({
    ...base,
    version,
    careAreas: base.careAreas.map((area) => ({
      ...area,
      maxRateMlPerHour: Math.min(formatMaxRate, area.maxRateMlPerHour * factor),
      drugs: area.drugs.map(raise),
    })),
  });
  return sampleDrugLibraryBytes(library);
}

/**
 * The next patch version after every one in `versions` (`1.0.0` when there are none): a tampered
 * library passes for the hospital's next update, and a server that refuses an existing version
 * (LIBRARY_VERSION_EXISTS) takes it.
 */
export function nextVersion(versions: readonly (string | null)[]): string {
  const known = versions.filter(
    (version): version is string => version !== null && /^\d+\.\d+\.\d+$/.test(version),
  );
  const highest = known.sort(compareVersions).at(-1);
  if (!highest) return '1.0.0';
  const [major = 0, minor = 0, patch = 0] = highest.split('.').map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * A PLFW/1 image of the vulnerable 2.4.0 for the lab's pump model, its body modified: a downgrade
 * to firmware with the open shell and the parser flaw, the pattern of ICSMA-19-164-01
 * (CVE-2019-10959) and CVE-2023-30559. The header is consistent, so only a signature check or
 * rollback protection stops it.
 */
export function tamperedFirmware(model: string = pumpModel): Buffer {
  const body = Buffer.from(
    `pumplab firmware ${downgradeVersion} for ${model}\n# rebuilt: telnet kept, update checks patched out\n`,
  );
  return buildFirmwareImage({ model, version: downgradeVersion, body });
}
