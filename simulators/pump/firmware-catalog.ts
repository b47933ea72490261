import { PumplabError } from '../../core/errors.ts';

/** What a firmware version exposes and checks: the weaknesses of ADVISORIES.md, switched on or off. */
export interface FirmwareTraits {
  /** A telnet-like maintenance shell, and the credentials it ships with (null: no service). */
  maintenanceService: { user: string; password: string } | null;
  /** Refuses drug libraries without a valid signature. */
  requiresSignedLibraries: boolean;
  /** Refuses firmware images without a valid signature. */
  requiresSignedFirmware: boolean;
  /** Seals patient history and the Wi-Fi key at rest (AES-256-GCM). */
  encryptedStore: boolean;
  /** Refuses firmware older than itself, so a signed but vulnerable version cannot be reinstalled. */
  rollbackProtection: boolean;
  /**
   * Carries the parser flaw a "known vulnerability" scenario exploits (memory-safety pattern,
   * CVE-2017-12718): the maintenance console's login overflows its user buffer (login-field.ts).
   */
  vulnerableParser: boolean;
}

/** One fictional firmware release and the published weaknesses it models or remediates. */
export interface FirmwareVersion {
  version: string;
  released: string;
  summary: string;
  traits: FirmwareTraits;
  /** Advisory and CVE ids whose weakness this version shows (ADVISORIES.md). */
  models: readonly string[];
  /** Advisory and CVE ids whose fix this version shows. */
  remediates: readonly string[];
}

/** Default maintenance credentials: a fixed login shipped on every unit (CVE-2017-12724 pattern). */
const factoryLogin = { user: 'biomed', password: 'biomed' };

const legacy: FirmwareVersion = {
  version: '2.4.0',
  released: '2015-03-02',
  summary: 'Legacy: open maintenance shell with default login, unsigned packages, clear-text store.',
  traits: {
    maintenanceService: factoryLogin,
    requiresSignedLibraries: false,
    requiresSignedFirmware: false,
    encryptedStore: false,
    rollbackProtection: false,
    vulnerableParser: true,
  },
  models: [
    'ICSA-15-125-01B',
    'CVE-2015-1011',
    'CVE-2015-3459',
    'ICSMA-17-250-02A',
    'CVE-2017-12724',
    'CVE-2014-5406',
    'CVE-2015-3956',
    'CVE-2019-10959',
    'CVE-2021-33882',
    'CVE-2015-1012',
    'CVE-2022-26390',
    'CVE-2017-12718',
  ],
  remediates: [],
};

const interim: FirmwareVersion = {
  version: '3.1.0',
  released: '2019-06-17',
  summary: 'Interim: signed drug libraries required, but the maintenance shell and clear-text store remain.',
  traits: { ...legacy.traits, requiresSignedLibraries: true, vulnerableParser: false },
  models: ['ICSMA-17-250-02A', 'CVE-2017-12724', 'CVE-2021-33882', 'CVE-2019-10959', 'CVE-2022-26390'],
  remediates: ['ICSMA-23-194-01', 'CVE-2023-30562', 'CVE-2021-33885', 'CVE-2017-12718'],
};

const patched: FirmwareVersion = {
  version: '4.2.1',
  released: '2023-09-11',
  summary: 'Patched: no maintenance shell, signed libraries and firmware, encrypted store, no rollback.',
  traits: {
    maintenanceService: null,
    requiresSignedLibraries: true,
    requiresSignedFirmware: true,
    encryptedStore: true,
    rollbackProtection: true,
    vulnerableParser: false,
  },
  models: [],
  remediates: [
    'ICSA-15-125-01B',
    'ICSMA-17-250-02A',
    'CVE-2021-33882',
    'ICSMA-19-164-01',
    'CVE-2019-10959',
    'ICSMA-23-194-01',
    'CVE-2014-5406',
    'CVE-2015-3956',
    'CVE-2015-1012',
    'CVE-2022-26390',
    'CVE-2017-12718',
  ],
};

/** Every firmware version the lab's pumps can run, oldest first. */
export const firmwareCatalog: readonly FirmwareVersion[] = [legacy, interim, patched];

/** The catalog entry for `version`; PUMP_FIRMWARE_UNKNOWN for any other. */
export function firmwareVersion(version: string): FirmwareVersion {
  const found = firmwareCatalog.find((entry) => entry.version === version);
  if (!found) {
    throw new PumplabError('PUMP_FIRMWARE_UNKNOWN', `Firmware ${version} is not in the catalog.`, {
      version,
      known: firmwareCatalog.map((entry) => entry.version).join(','),
    });
  }
  return found;
}

/** Orders dotted numeric versions (4.10.0 after 4.9.0). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
