import type { Server, Socket } from 'node:net';

/** Whether a listener takes a connection from this remote address (a host firewall's rule). */
export type AcceptFrom = (remoteAddress: string | undefined) => boolean;

/**
 * Drops, with a TCP reset, every connection `acceptFrom` refuses, before the server sees it: a
 * zoned lab's components accept only their own zone (the gateway reaches them from its address in
 * that zone), as a host firewall would. The server's own connection handlers (TLS, HTTP) run only
 * for accepted sockets, so a dropped connection is not mistaken for a failed TLS handshake.
 * Call it right after the server is created, before it listens.
 */
export function guardSources(server: Server, acceptFrom: AcceptFrom | undefined): void {
  if (!acceptFrom) return;
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (!acceptFrom(socket.remoteAddress)) {
      socket.resetAndDestroy();
      return;
    }
    for (const handler of handlers) handler.call(server, socket);
  });
}

/** Where a listener binds, and whom it takes connections from (everyone when `acceptFrom` is absent). */
export interface ListenAt {
  host: string;
  /** 0 picks a free port. */
  port: number;
  acceptFrom?: AcceptFrom | undefined;
}
