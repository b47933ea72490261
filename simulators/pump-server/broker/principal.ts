import type { Client } from 'aedes';
import { GuardedConnection } from './guarded-connection.ts';

/**
 * Who an MQTT client is, decided once at CONNECT:
 * - `pump`: a device; `proven` when the serial came from its certificate (mutual TLS), otherwise
 *   only claimed by its client id (the insecure posture: anyone can claim any serial);
 * - `service`: a lab service or client certificate (the pump server's own tools, SP 1800-8's
 *   management side), which may send commands and read every pump;
 * - `anonymous`: no certificate and no claim the broker accepts.
 */
export type Principal =
  | { kind: 'pump'; serial: string; proven: boolean }
  | { kind: 'service'; name: string }
  | { kind: 'anonymous' };

const principals = new WeakMap<Client, Principal>();

/** Remembers who `client` is, for the authorization hooks that follow its CONNECT. */
export function setPrincipal(client: Client, principal: Principal): void {
  principals.set(client, principal);
}

/** Who `client` is; anonymous until authenticated, and for the broker's own publishes (null). */
export function principalOf(client: Client | null): Principal {
  return (client && principals.get(client)) ?? { kind: 'anonymous' };
}

/** The identity to put in a security event or a log line. */
export function identityOf(principal: Principal): string | undefined {
  if (principal.kind === 'pump') return principal.serial;
  return principal.kind === 'service' ? principal.name : undefined;
}

/** The guarded stream behind an aedes client, if it came through the lab's listener. */
export function connectionOf(client: Client | null): GuardedConnection | undefined {
  const conn = client?.conn;
  return conn instanceof GuardedConnection ? conn : undefined;
}

/** Where a client connects from, for security events. */
export const sourceOf = (client: Client | null): string => connectionOf(client)?.remote ?? 'broker';
