import type { Logger } from '../../core/logger.ts';
import type { LocalStore } from './local-store.ts';
import { MaintenanceService, type MaintenanceLimits, type MaintenanceStats } from './maintenance-service.ts';
import type { SecurityPolicy } from './security-policy.ts';
import type { AcceptFrom } from '../net/source-guard.ts';

/** What the host needs of the pump. */
export interface MaintenanceHostOptions {
  identity: () => { serial: string; model: string; firmware: string; careArea: string };
  policy: () => SecurityPolicy;
  store: LocalStore;
  /** Changes the running rate, bypassing the library (what the legacy shell does). */
  setRate: (rate: number) => void;
  limits?: Partial<MaintenanceLimits>;
  logger: Logger;
}

/**
 * Runs the maintenance service while the pump's firmware has one, and only then: a firmware update
 * that removes the service closes it at once (the fix ADVISORIES.md pattern 1 describes).
 */
export class MaintenanceHost {
  private service: MaintenanceService | undefined;

  constructor(private readonly options: MaintenanceHostOptions) {}

  /** Counters of the running service, or undefined when none runs. */
  get stats(): MaintenanceStats | undefined {
    return this.service?.stats;
  }

  /** Starts listening on `host:port`; undefined when the firmware has no maintenance service. */
  async start(host: string, port: number, acceptFrom?: AcceptFrom): Promise<{ port: number } | undefined> {
    const credentials = this.options.policy().maintenance;
    if (!credentials) return undefined;
    this.service ??= new MaintenanceService({
      credentials,
      hooks: {
        history: () => this.options.store.history(),
        config: () => ({ ...this.options.identity(), wifi: this.options.store.wifi() }),
        setRate: (rate) => this.options.setRate(rate),
      },
      vulnerableParser: () => this.options.policy().vulnerableParser,
      banner: this.banner(),
      logger: this.options.logger,
      limits: this.options.limits,
    });
    return this.service.listen(host, port, acceptFrom);
  }

  /** Applies a new firmware's policy: without a maintenance trait the service goes away. */
  applyPolicy(policy: SecurityPolicy): void {
    if (policy.maintenance || !this.service) return;
    const service = this.service;
    this.service = undefined;
    this.options.logger.info('maintenance service removed by firmware update');
    service
      .close()
      .catch((error: Error) => this.options.logger.error({ err: error.message }, 'close failed'));
  }

  async close(): Promise<void> {
    const service = this.service;
    this.service = undefined;
    await service?.close();
  }

  private banner(): string[] {
    const { serial, model, firmware } = this.options.identity();
    return [`pumplab ${model} infusion pump ${serial}, firmware ${firmware}: maintenance shell`, 'OK ready'];
  }
}
