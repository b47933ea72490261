import type { Clock } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Random } from '../../core/random.ts';
import { drugLibrarySchema, type DrugLibrary } from '../contract/drug-library.ts';
import { sendForOutcome, unseededRandom, type SendContext } from './command-outcome.ts';
import type { CommandSender, InventoryReader } from './ports.ts';
import type { ReleaseSigner } from './release-signer.ts';
import type { DistributionRecord, ReleaseStore, SignedRelease } from './release-store.ts';

/** What the service is built from. */
export interface DrugLibraryServiceOptions {
  releases: ReleaseStore;
  sign: ReleaseSigner;
  inventory: InventoryReader;
  sender: CommandSender;
  clock: Clock;
  random?: Random;
  logger?: Logger;
}

/** A library version as listed: what it covers and who signed it. */
export interface LibrarySummary {
  version: string;
  issuedAt: string;
  careAreas: string[];
  sha256: string;
  size: number;
  signer: string;
  signerSerial: string;
  signedAt: string;
}

/** Which library version one pump runs, as the inventory last heard. */
export interface PumpLibrary {
  serial: string;
  careArea: string | null;
  libraryVersion: string | null;
}

/**
 * Drug library management on the pump server: create a version from JSON, sign it with the
 * server's code-signing identity, distribute it to a care area, and track which pump runs which
 * version (SP 1800-8 Vol B: the pump server distributes the dose error reduction library).
 */
export class DrugLibraryService {
  private readonly send: SendContext;

  constructor(private readonly options: DrugLibraryServiceOptions) {
    const logger = (options.logger ?? silentLogger).child({ component: 'drug-libraries' });
    this.send = {
      sender: options.sender,
      now: () => options.clock.now(),
      random: options.random ?? unseededRandom(),
      logger,
    };
  }

  /**
   * Validates `input` against the contract schema, serialises it (the bytes signed, kept and sent
   * are exactly these), signs and stores it.
   * @throws PumplabError INPUT_INVALID, LIBRARY_VERSION_EXISTS, or a PKI code when signing fails.
   * @example const summary = service.create(JSON.parse(fs.readFileSync('library.json', 'utf8')))
   */
  create(input: unknown): LibrarySummary {
    const library = parseLibrary(input);
    if (this.options.releases.get('drug-library', library.version)) {
      throw new PumplabError('LIBRARY_VERSION_EXISTS', `Library ${library.version} already exists.`, {
        version: library.version,
      });
    }
    const content = Buffer.from(`${JSON.stringify(library, null, 2)}\n`, 'utf8');
    const signature = this.options.sign(content);
    this.options.releases.add({
      kind: 'drug-library',
      version: library.version,
      content,
      ...signature,
      meta: {},
    });
    this.send.logger.info({ version: library.version, signer: signature.signer }, 'drug library signed');
    return this.summary(library.version);
  }

  /** Every version, lowest first. */
  list(): LibrarySummary[] {
    return this.options.releases.list('drug-library').map(summarise);
  }

  /** One version's summary. @throws PumplabError LIBRARY_UNKNOWN_VERSION */
  summary(version: string): LibrarySummary {
    return summarise(this.release(version));
  }

  /** The signed bytes and DER signature of a version. @throws PumplabError LIBRARY_UNKNOWN_VERSION */
  release(version: string): SignedRelease {
    const release = this.options.releases.get('drug-library', version);
    if (!release) {
      throw new PumplabError('LIBRARY_UNKNOWN_VERSION', `No drug library ${version}.`, { version });
    }
    return release;
  }

  /** The distributions of a version, oldest first. */
  distributions(version: string): DistributionRecord[] {
    this.release(version);
    return this.options.releases.distributions(version);
  }

  /**
   * Sends `install-library` to every pump the inventory places in `careArea`, all at once, and
   * records each pump's outcome (accepted, rejected with its reason, or timed out).
   * @throws PumplabError LIBRARY_UNKNOWN_VERSION, LIBRARY_UNKNOWN_CARE_AREA, LIBRARY_NO_PUMPS
   */
  async distribute(version: string, careArea: string): Promise<DistributionRecord> {
    const release = this.release(version);
    const library = parseLibrary(JSON.parse(release.content.toString('utf8')));
    if (!library.careAreas.some((area) => area.id === careArea)) {
      throw new PumplabError(
        'LIBRARY_UNKNOWN_CARE_AREA',
        `Library ${version} has no care area ${careArea}.`,
        {
          version,
          careArea,
        },
      );
    }
    const pumps = await this.options.inventory.listPumps({ careArea });
    if (pumps.length === 0) {
      throw new PumplabError('LIBRARY_NO_PUMPS', `No pump is in care area ${careArea}.`, { careArea });
    }
    const body = {
      kind: 'install-library',
      library: release.content.toString('base64'),
      signature: release.signature.toString('base64'),
    } as const;
    const createdAt = new Date(this.options.clock.now()).toISOString();
    const results = await Promise.all(pumps.map((pump) => sendForOutcome(this.send, pump.serial, body)));
    const record: DistributionRecord = {
      id: `dist-${this.send.random.hex8()}${this.send.random.hex8()}`,
      version,
      careArea,
      createdAt,
      results,
    };
    this.options.releases.addDistribution(record);
    this.send.logger.info({ version, careArea, pumps: results.length }, 'drug library distributed');
    return record;
  }

  /** Which pump runs which library version, from the inventory (optionally one care area). */
  async installed(careArea?: string): Promise<PumpLibrary[]> {
    const pumps = await this.options.inventory.listPumps(careArea === undefined ? {} : { careArea });
    return pumps.map(({ serial, libraryVersion, careArea: area }) => ({
      serial,
      careArea: area,
      libraryVersion,
    }));
  }
}

function parseLibrary(input: unknown): DrugLibrary {
  const parsed = drugLibrarySchema.safeParse(input);
  if (!parsed.success) {
    throw new PumplabError('INPUT_INVALID', 'The drug library does not match its schema.', {
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    });
  }
  return parsed.data;
}

function summarise(release: SignedRelease): LibrarySummary {
  const library = drugLibrarySchema.parse(JSON.parse(release.content.toString('utf8')));
  return {
    version: release.version,
    issuedAt: library.issuedAt,
    careAreas: library.careAreas.map((area) => area.id),
    sha256: release.sha256,
    size: release.content.length,
    signer: release.signer,
    signerSerial: release.signerSerial,
    signedAt: release.signedAt,
  };
}
