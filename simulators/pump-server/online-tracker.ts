import type { Aedes, Client } from 'aedes';
import type { Logger } from '../../core/logger.ts';
import type { EventStore } from './event-store.ts';
import { principalOf } from './broker/principal.ts';

/**
 * Keeps the inventory's online flag true to the broker's connections. A pump counts as online while
 * at least one of its MQTT sessions is open: when it reconnects, aedes closes the old session
 * (MQTT 3.1.1 3.1.4-2) possibly after the new one is ready, and the old one's last will
 * (presence offline) must not mark a connected pump offline.
 */
export class OnlineTracker {
  private readonly sessions = new Map<string, Set<Client>>();
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly logger: Logger,
  ) {}

  /** Follows the broker's client lifecycle. */
  attach(aedes: Aedes): void {
    aedes.on('clientReady', (client) => this.change(client, true));
    aedes.on('clientDisconnect', (client) => this.change(client, false));
  }

  /** Stops writing to the store: the server is closing it, and its last disconnects do not matter. */
  stop(): void {
    this.stopped = true;
  }

  /** Applies a presence message (or a last will) unless it contradicts an open session. */
  presence(serial: string, online: boolean): void {
    if (!online && this.isConnected(serial)) {
      this.logger.debug({ pump: serial }, 'offline presence ignored: the pump has a session open');
      return;
    }
    this.store.setOnline(serial, online);
  }

  /** Whether the pump has an MQTT session open now. */
  isConnected(serial: string): boolean {
    return (this.sessions.get(serial)?.size ?? 0) > 0;
  }

  private change(client: Client, ready: boolean): void {
    const principal = principalOf(client);
    if (principal.kind !== 'pump' || this.stopped) return;
    const { serial } = principal;
    const open = this.sessions.get(serial) ?? new Set<Client>();
    if (ready) open.add(client);
    else open.delete(client);
    if (open.size > 0) this.sessions.set(serial, open);
    else this.sessions.delete(serial);
    try {
      // Only the first session to open and the last to close change the flag.
      if (ready && open.size === 1) this.store.setOnline(serial, true);
      if (!ready && open.size === 0) this.store.setOnline(serial, false);
    } catch (error) {
      this.logger.error({ err: error, pump: serial }, 'online flag could not be stored');
    }
  }
}
