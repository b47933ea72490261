import { PumplabError, isPumplabError } from '../../../core/errors.ts';

/**
 * The catalogue error for a failed MLLP connection: TLS
 * alerts and verification failures are handshake refusals; anything else, a lost connection.
 *
 * @example socket.on('error', (error) => reject(connectionError(error)))
 */
export function connectionError(error: Error): PumplabError {
  if (isPumplabError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const tlsFailure =
    code.startsWith('ERR_SSL') || /certificate|alert|handshake|self.signed/i.test(error.message);
  return new PumplabError(
    tlsFailure ? 'MLLP_TLS_HANDSHAKE_FAILED' : 'MLLP_CONNECTION_CLOSED',
    `The MLLP connection failed: ${error.message.trim()}`,
    { cause: code || null },
    { cause: error },
  );
}
