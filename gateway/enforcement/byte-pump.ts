import type { Socket } from 'node:net';
import type { GatewayLimits } from './connection-limits.ts';

/** Why a pumped connection ended. */
export type PumpEnd = 'closed' | 'idle' | 'half-open' | 'error';

/**
 * Pumps bytes both ways between an accepted client and the real service, untouched: the gateway
 * never terminates TLS (SP 1800-8 Vol B 4.5: mutual TLS stays end to end between pump and server).
 * `pipe` gives back-pressure (a slow reader pauses the fast writer) and carries a half-close (FIN)
 * across; an idle connection, or one left half-open too long, is destroyed. Both sockets must have
 * been made with `allowHalfOpen: true`. `onEnd` is called exactly once.
 */
export function pumpBytes(
  client: Socket,
  upstream: Socket,
  limits: Pick<GatewayLimits, 'idleTimeoutMs' | 'halfOpenTimeoutMs'>,
  onEnd: (reason: PumpEnd, error?: Error) => void,
): void {
  let ended = false;
  let halfOpenTimer: NodeJS.Timeout | undefined;
  const finish = (reason: PumpEnd, error?: Error): void => {
    if (ended) return;
    ended = true;
    clearTimeout(halfOpenTimer);
    client.destroy();
    upstream.destroy();
    onEnd(reason, error);
  };
  const startHalfOpenTimer = (): void => {
    halfOpenTimer ??= setTimeout(() => finish('half-open'), limits.halfOpenTimeoutMs);
    halfOpenTimer.unref();
  };
  // A socket's timeout counts reads and writes, so the client side alone measures idleness both ways.
  client.setTimeout(limits.idleTimeoutMs, () => finish('idle'));
  for (const socket of [client, upstream]) {
    socket.on('end', startHalfOpenTimer);
    socket.on('error', (error) => finish('error', error));
    socket.on('close', () => finish('closed'));
  }
  client.pipe(upstream);
  upstream.pipe(client);
}
