import tls from 'node:tls';
import type { ErrorCode } from '../../core/errors.ts';
import { peerIdentity, verificationError, type PeerIdentity } from '../../pki/tls/peer-identity.ts';

/** What each side saw of one TLS connection attempt. */
export interface TlsAttempt {
  client: { secured: boolean; greeting: string | undefined; error: string | undefined };
  server:
    | { accepted: PeerIdentity }
    | { error: string | undefined; verifyError: string | undefined; code: ErrorCode | undefined };
}

/**
 * Connects to `server` (listening on 127.0.0.1:`port`) with `options` and resolves once both sides
 * have decided: the server accepted (with the peer's identity) or refused (with the OpenSSL verify
 * result Node left on the refused socket), and the client's socket closed. One attempt at a time.
 * Every client socket is added to `opened` so the caller can destroy it after the test.
 */
export async function attemptTls(
  server: tls.Server,
  port: number,
  options: tls.ConnectionOptions,
  opened: Set<tls.TLSSocket>,
): Promise<TlsAttempt> {
  const serverSide = new Promise<TlsAttempt['server']>((resolve) => {
    const accepted = (socket: tls.TLSSocket): void => settle({ accepted: peerIdentity(socket) });
    const refused = (error: NodeJS.ErrnoException, socket: tls.TLSSocket): void => {
      // Node types it as an Error; at run time it is the OpenSSL verify code, or null.
      const reason: unknown = socket.authorizationError;
      settle({
        error: error.code,
        verifyError: typeof reason === 'string' ? reason : undefined,
        code: verificationError(socket)?.code,
      });
    };
    const settle = (outcome: TlsAttempt['server']): void => {
      server.off('secureConnection', accepted).off('tlsClientError', refused);
      resolve(outcome);
    };
    server.on('secureConnection', accepted).on('tlsClientError', refused);
  });
  const socket = tls.connect({ host: '127.0.0.1', port, ...options });
  opened.add(socket);
  const client: TlsAttempt['client'] = { secured: false, greeting: undefined, error: undefined };
  socket.on('secureConnect', () => (client.secured = true));
  socket.on('data', (chunk: Buffer) => (client.greeting = (client.greeting ?? '') + chunk.toString()));
  socket.on('error', (error: NodeJS.ErrnoException) => (client.error = error.code));
  // Not events.once: it rejects on the socket's 'error', which is part of what is observed here.
  await new Promise((resolve) => socket.on('close', resolve));
  return { client, server: await serverSide };
}
