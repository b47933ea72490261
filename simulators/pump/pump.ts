import crypto from 'node:crypto';
import type { TimerHandle } from '../../core/clock.ts';
import { PumplabError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import {
  alarmCodes,
  type AlarmCode,
  type CommandResultMessage,
  type StatusMessage,
} from '../contract/pump-messages.ts';
import type { Command, ProgramOrder } from '../contract/server-commands.ts';
import { Delivery } from './delivery.ts';
import type { EventDetail } from './delivery-types.ts';
import { LocalStore } from './local-store.ts';
import { MaintenanceHost } from './maintenance-host.ts';
import type { MaintenanceStats } from './maintenance-service.ts';
import { MediaPort } from './media-port.ts';
import { MessageEmitter, type OutgoingMessage } from './message-emitter.ts';
import { programInfusion } from './program-infusion.ts';
import { runCommand } from './pump-commands.ts';
import type { PumpIdentity, PumpOptions } from './pump-options.ts';
import { PumpReporter } from './pump-reporter.ts';
import { SoftwareUpdates, type InstallSource } from './software-updates.ts';
import type { ListenAt } from '../net/source-guard.ts';

export type { OutgoingMessage } from './message-emitter.ts';
export type { PumpIdentity, PumpOptions } from './pump-options.ts';

const serialPattern = /^[A-Za-z0-9-]{1,32}$/;
/** Battery level reported while the battery-low alarm is active, %. */
const lowBatteryPercent = 15;
/**
 * One simulated infusion pump without its network link: delivery, drug library limits, firmware and
 * its services, local store, media port. It reports through `onMessage` (status, events, command
 * results, each with the contract envelope) and obeys `handleCommand`; an MQTT link carries both.
 */
export class Pump {
  readonly mediaPort: MediaPort;
  /** Infusion history and Wi-Fi key: `store.readRaw()` is what a thief reads, `store.erase()` disposal. */
  readonly store: LocalStore;
  private readonly emitter: MessageEmitter;
  private readonly reporter: PumpReporter;
  private readonly delivery: Delivery;
  private readonly updates: SoftwareUpdates;
  private readonly maintenance: MaintenanceHost;
  private readonly logger: Logger;
  private statusTimer: TimerHandle | undefined;
  private battery = 100;

  constructor(private readonly options: PumpOptions) {
    assertSerial(options.serial);
    const root = options.logger ?? silentLogger;
    this.logger = root.child({ component: 'pump', pump: options.serial });
    this.emitter = new MessageEmitter(options.serial, options.random.hex8(), options.clock, this.logger);
    this.reporter = new PumpReporter({
      emitter: this.emitter,
      delivery: () => this.delivery,
      store: () => this.store,
      identity: () => this.identity,
      battery: () => this.battery,
      clock: options.clock,
      logger: this.logger,
    });
    this.delivery = new Delivery(options.clock, (events) => this.reporter.publish(events));
    this.updates = this.createSoftwareUpdates();
    this.store = new LocalStore({
      serial: options.serial,
      dir: options.storeDir,
      encrypt: this.updates.policy.encryptStore,
      wifi: options.wifi ?? { ssid: 'pumplab-clinical', psk: crypto.randomBytes(12).toString('base64url') },
      deviceSecret: options.deviceSecret,
    });
    this.maintenance = new MaintenanceHost({
      identity: () => this.identity,
      policy: () => this.updates.policy,
      store: this.store,
      setRate: (rate) => this.setRateUnchecked(rate),
      limits: options.maintenanceLimits,
      logger: root.child({ component: 'pump-maintenance', pump: options.serial }),
    });
    this.mediaPort = new MediaPort({
      library: (content, signature) => this.installLibrary(content, signature, 'media'),
      firmware: (image, signature) => this.installFirmware(image, signature, 'media'),
    });
  }

  get identity(): PumpIdentity {
    const { serial, model, careArea, mac } = this.options;
    const libraryVersion = this.updates.library?.version ?? null;
    return { serial, model, firmware: this.updates.firmware.version, careArea, mac, libraryVersion };
  }

  /** The boot identifier of this instance (the envelope's `boot`). */
  get boot(): string {
    return this.emitter.boot;
  }

  /** Publishes a status now and every `statusIntervalMs` of lab time. */
  start(): void {
    if (this.statusTimer) return;
    this.statusTimer = this.options.clock.setRepeating(this.options.statusIntervalMs ?? 10_000, () =>
      this.reporter.publishStatus(),
    );
    this.reporter.publishStatus();
  }

  /** Stops the timers and the maintenance service. */
  async close(): Promise<void> {
    this.statusTimer?.cancel();
    this.statusTimer = undefined;
    this.delivery.close();
    await this.maintenance.close();
  }

  /** Adds a listener for every outgoing message; returns the function that removes it. */
  onMessage(listener: (message: OutgoingMessage) => void): () => void {
    return this.emitter.subscribe(listener);
  }

  /** Runs a server command; the result is also emitted on the command-results channel. */
  handleCommand(command: Command): CommandResultMessage {
    const outcome = runCommand(
      command,
      {
        program: (order) => this.program(order),
        deliver: (action) => this.reporter.publish(this.delivery[action]()),
        installLibrary: (content, signature) => ({
          version: this.installLibrary(content, signature, 'network'),
        }),
        installFirmware: (image, signature, version) => ({
          version: this.installFirmware(image, signature, 'network', version),
        }),
        reportStatus: () => this.reporter.publishStatus(),
      },
      this.logger,
    );
    const payload: CommandResultMessage = { ...this.emitter.envelope(), ...outcome };
    this.emitter.send({ channel: 'command-results', payload });
    return payload;
  }

  /** A fresh status snapshot; it takes the next seq, so a link may publish it as it is. */
  status(): StatusMessage {
    return this.reporter.status();
  }

  /** The physical world: an occlusion, air in the line, a low battery, a lost network. */
  raiseAlarm(code: AlarmCode): void {
    assertAlarmCode(code);
    if (code === 'battery-low') this.battery = Math.min(this.battery, lowBatteryPercent);
    const events = this.delivery.raiseAlarm(code);
    if (events.length > 0) this.reporter.publish(events);
  }

  /** The condition is over (occlusion cleared, mains plugged in, network back). */
  clearAlarm(code: AlarmCode): void {
    assertAlarmCode(code);
    if (code === 'battery-low') this.battery = 100;
    const events = this.delivery.clearAlarm(code);
    if (events.length > 0) this.reporter.publish(events);
  }

  /** Starts the maintenance service if the firmware has one; undefined when it has none. */
  startMaintenanceService(at: ListenAt): Promise<{ port: number } | undefined> {
    return this.maintenance.start(at.host, at.port, at.acceptFrom);
  }

  /** Reports messages the link's outbox had to drop while offline (a `buffer-overflow` event). */
  reportBufferOverflow(dropped: number): void {
    this.reporter.emitEvents([{ type: 'buffer-overflow', detail: { dropped } }]);
  }

  /** Counters of the maintenance service (sessions, failed logins), or undefined when none runs. */
  get maintenanceStats(): MaintenanceStats | undefined {
    return this.maintenance.stats;
  }

  private program(order: ProgramOrder): EventDetail {
    const { library } = this.updates;
    const { events, detail } = programInfusion(order, this.delivery, library, this.options.careArea);
    this.reporter.publish(events);
    return detail;
  }

  private installLibrary(content: Buffer, signature: Buffer | null, source: InstallSource): string {
    const library = this.updates.installLibrary(content, signature, source);
    this.reporter.publishStatus();
    return library.version;
  }

  private installFirmware(
    image: Buffer,
    signature: Buffer | null,
    source: InstallSource,
    version?: string,
  ): string {
    const firmware = this.updates.installFirmware(image, signature, source, version);
    this.reporter.publishStatus();
    return firmware.version;
  }

  /** The maintenance shell's `set-rate`: no library check on firmware that offers it. */
  private setRateUnchecked(rate: number): void {
    this.reporter.publish(this.delivery.setRate(rate));
    this.logger.warn({ rate }, 'rate changed outside the drug library (maintenance shell)');
    this.reporter.recordHistory();
  }

  private createSoftwareUpdates(): SoftwareUpdates {
    const { options } = this;
    return new SoftwareUpdates({
      model: options.model,
      careArea: options.careArea,
      firmware: options.firmware,
      library: options.library,
      config: options,
      verify: options.verifySignature,
      infusionActive: () => this.delivery.infusionActive,
      report: (event) => this.reporter.emitEvents([event]),
      onFirmwareChanged: (policy) => {
        this.store.setEncryption(policy.encryptStore);
        this.maintenance.applyPolicy(policy);
      },
      logger: this.logger,
    });
  }
}

function assertSerial(serial: string): void {
  if (!serialPattern.test(serial)) {
    throw new PumplabError('INPUT_INVALID', 'A pump serial is 1-32 letters, digits or dashes.', { serial });
  }
}

function assertAlarmCode(code: string): asserts code is AlarmCode {
  if (!(alarmCodes as readonly string[]).includes(code)) {
    throw new PumplabError('INPUT_INVALID', `${code} is not an alarm code.`, { code });
  }
}
