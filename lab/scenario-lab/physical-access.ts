import { PumplabError } from '../../core/errors.ts';
import { loadTlsMaterial } from '../../pki/tls/tls-material.ts';
import { alarmCodes, type AlarmCode } from '../../simulators/contract/pump-messages.ts';
import type { Fleet } from '../../simulators/fleet/fleet.ts';
import type { Pump } from '../../simulators/pump/pump.ts';
import type {
  MediaFile,
  MediaOutcome,
  PhysicalAccess,
  TakenDevice,
} from '../../scenarios/engine/lab-under-test.ts';
import { revokeAndPropagate, type RevocationListeners } from './crl-propagation.ts';

/** What hands on the ward reach: its pumps, and the PKI the hospital decommissions them with. */
export interface WardAccessParts extends RevocationListeners {
  fleet: Fleet;
  stateDir: string;
}

/**
 * Someone in the building with hands on a pump: loads files through its media port, walks off with
 * it (the hospital then revokes its device certificate), or is the ward itself raising an alarm.
 */
export class WardAccess implements PhysicalAccess {
  private readonly taken = new Set<string>();

  constructor(private readonly parts: WardAccessParts) {}

  /** Serials of the pumps taken away: they left the ward. */
  get takenSerials(): ReadonlySet<string> {
    return this.taken;
  }

  /** Installs through the media port under the same checks as a network install (media-port.ts). */
  async loadMedia(serial: string, file: MediaFile): Promise<MediaOutcome> {
    const port = this.pump(serial).mediaPort;
    const result =
      file.kind === 'library'
        ? port.loadLibrary(file.content, file.signature)
        : port.loadFirmware(file.content, file.signature);
    return result.outcome === 'accepted'
      ? { outcome: 'accepted', version: result.version }
      : { outcome: 'rejected', code: result.reason, message: result.message };
  }

  /**
   * The thief reads the flash chip (not the separate secure element the store key comes from) and,
   * unless the store is sealed, the device credential on it; the pump is gone from the ward; the hospital reports it lost and
   * revokes its certificate (SP 1800-8: decommissioning). Resolves once the lab's CRL checks can
   * see the revocation (crl-propagation.ts).
   * @throws PumplabError INPUT_INVALID for a pump not on the ward or already taken
   */
  async takeDevice(serial: string): Promise<TakenDevice> {
    const pump = this.pump(serial);
    const planned = this.parts.fleet.plan.find((entry) => entry.serial === serial);
    if (!planned) throw unknownPump(serial);
    this.taken.add(serial);
    const material = loadTlsMaterial(this.parts.stateDir, planned.identityName);
    await this.parts.fleet.link(serial)?.close();
    await pump.close();
    const flash = [{ name: `${serial}.flash`, bytes: pump.store.readRaw() }];
    // A sealed store seals the device key with it (SP 1800-8 Vol B 4.5, data at rest).
    const sealed = pump.store.encrypted;
    await revokeAndPropagate(this.parts.stateDir, material.serial, 'keyCompromise', this.parts);
    this.parts.logger.info({ pump: serial, sealed }, 'pump taken; its device certificate revoked');
    const credential = { certificatePem: material.cert, keyPem: material.key };
    return { serial, flash, ...(sealed ? {} : { credential }) };
  }

  /** The line occludes or the bag runs dry at the bedside. @throws PumplabError INPUT_INVALID */
  async raiseAlarm(serial: string, code: string): Promise<void> {
    const pump = this.pump(serial);
    if (!isAlarmCode(code)) {
      throw new PumplabError('INPUT_INVALID', `${code} is not an alarm code.`, { code });
    }
    pump.raiseAlarm(code);
  }

  private pump(serial: string): Pump {
    const pump = this.taken.has(serial) ? undefined : this.parts.fleet.pump(serial);
    if (!pump) throw unknownPump(serial);
    return pump;
  }
}

const isAlarmCode = (code: string): code is AlarmCode => (alarmCodes as readonly string[]).includes(code);

const unknownPump = (serial: string): PumplabError =>
  new PumplabError('INPUT_INVALID', `No pump ${serial} is on the ward.`, { serial });
