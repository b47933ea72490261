import net from 'node:net';
import tls from 'node:tls';
import {
  clientTlsOptions,
  type ClientTlsPolicy,
  type TlsMaterial,
  type TlsTrust,
} from '../../../pki/tls/tls-material.ts';
import { connectionError } from './connection-error.ts';

/** Where an MLLP client connects, and how. */
export interface MllpEndpoint {
  host: string;
  port: number;
  /** Lab TLS (mutual when the material holds a certificate); plain TCP when absent. */
  tls?: { material: TlsMaterial | TlsTrust; policy: ClientTlsPolicy } | undefined;
  timeoutMs: number;
}

/**
 * Opens a connection to an MLLP listener and resolves once it is ready for frames (after the TLS
 * handshake when TLS is on); failures come as the catalogue's MLLP connection errors.
 */
export function connectMllp(endpoint: MllpEndpoint): Promise<net.Socket> {
  const { host, port, timeoutMs } = endpoint;
  const secure = endpoint.tls;
  const socket = secure
    ? tls.connect({ host, port, ...clientTlsOptions(secure.material, secure.policy) })
    : net.connect({ host, port });
  return new Promise<net.Socket>((resolve, reject) => {
    const timer = setTimeout(
      () => socket.destroy(new Error(`connect timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(connectionError(error));
    });
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}
