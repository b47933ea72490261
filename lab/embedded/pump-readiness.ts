import type { EventQueries } from '../../simulators/pump-server/event-store.ts';

/** How long to wait for pumps, in real milliseconds: the network is real whatever the clock's speed. */
export const readinessDefaults = {
  /** How long a pump may take to report its first status. */
  readyTimeoutMs: 30_000,
  /** How often the store is looked at while waiting. */
  pollMs: 50,
};

export interface ReadinessSettings {
  /** The current boot of each pump of the fleet. */
  bootOf: (serial: string) => string | undefined;
  readyTimeoutMs: number;
  pollMs: number;
}

/**
 * Resolves once the pump's current boot has reported a status; throws after the timeout. A pump
 * subscribes to its commands before it reports (MQTT 3.1.1 3.8.4), so a command sent after this is
 * not published to a topic nobody listens to yet. Neither the inventory nor lab times can say that
 * when the store outlived an earlier run (a fast clock's earlier run is ahead of this one's), so the
 * boot's own messages are counted.
 */
export async function untilReporting(
  events: Pick<EventQueries, 'count'>,
  serial: string,
  settings: ReadinessSettings,
): Promise<void> {
  const deadline = Date.now() + settings.readyTimeoutMs;
  for (;;) {
    const boot = settings.bootOf(serial);
    if (boot !== undefined && events.count({ serial, boot, channel: 'status' }) > 0) return;
    if (Date.now() > deadline) throw new Error(`pump ${serial} did not report in time`);
    await new Promise((resolve) => setTimeout(resolve, settings.pollMs));
  }
}
