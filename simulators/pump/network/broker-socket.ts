import net from 'node:net';
import tls from 'node:tls';
import { PumplabError } from '../../../core/errors.ts';

/** How the pump reaches its broker: the URL, its TLS context, and the address it speaks from. */
export interface BrokerSocketOptions {
  /** `mqtts://host:port` (TLS) or `mqtt://host:port` (clear text, for insecure postures). */
  brokerUrl: string;
  /** Present for mqtts: the pump's secure context (certificate, key, lab root, CRLs). */
  secureContext?: tls.SecureContext;
  /** The name the broker's certificate must carry; default the URL's host when it is a name. */
  servername?: string;
  /** The pump's own address: in a zoned lab each pump speaks from its address in the pump network. */
  localAddress?: string;
  /** False only for a posture where the pump does not check the broker (default true). */
  rejectUnauthorized?: boolean;
}

/**
 * Builds the function that opens one connection to the broker. mqtt.js's own TCP transport drops
 * `localAddress`, so the link opens its sockets itself, for both postures alike.
 *
 * @throws PumplabError INPUT_INVALID for a URL that is not mqtt:// or mqtts://
 */
export function brokerSocketBuilder(options: BrokerSocketOptions): () => net.Socket {
  const url = new URL(options.brokerUrl);
  if (url.protocol !== 'mqtt:' && url.protocol !== 'mqtts:') {
    throw new PumplabError('INPUT_INVALID', `A broker URL is mqtt:// or mqtts://, not ${url.protocol}//.`, {
      brokerUrl: options.brokerUrl,
    });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'mqtts:';
  const port = Number(url.port || (secure ? 8883 : 1883));
  const local = options.localAddress ? { localAddress: options.localAddress } : {};
  if (!secure) return () => net.connect({ host, port, ...local });
  const servername = options.servername ?? (net.isIP(host) === 0 ? host : undefined);
  return () =>
    tls.connect({
      host,
      port,
      ...local,
      ...(options.secureContext ? { secureContext: options.secureContext } : {}),
      ...(servername ? { servername } : {}),
      rejectUnauthorized: options.rejectUnauthorized !== false,
    });
}
