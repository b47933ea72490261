import fs from 'node:fs';
import type tls from 'node:tls';
import { PumplabError } from '../../core/errors.ts';
import { caNames } from '../hierarchy.ts';
import { PkiStore } from '../store/pki-store.ts';
import { storeLayout } from '../store/store-layout.ts';

/** What a relying party trusts: the lab root and every CA's current CRL. */
export interface TlsTrust {
  /** The lab root certificate (PEM): the one trust anchor (`ca` option). */
  ca: string;
  /** Every lab CA's current CRL (PEM), root included (`crl` option). */
  crl: string[];
}

/** What a lab endpoint presents and trusts. Holds its own key only, never a CA's. */
export interface TlsMaterial extends TlsTrust {
  name: string;
  serial: string;
  /** The endpoint's private key (PEM). */
  key: string;
  /** Leaf then its issuing CA (PEM): the chain a peer needs to reach the root (RFC 8446 4.4.2). */
  cert: string;
}

/** How a lab server treats its clients. */
export interface ServerTlsPolicy {
  /** Mutual TLS: a client without a valid lab certificate is refused (SP 1800-8 Vol B, device authentication). */
  requireClientCert: boolean;
  /** Check every certificate of the client's chain against its CA's CRL (RFC 5280 6.3). */
  checkRevocation: boolean;
}

/** How a lab client treats the server it connects to. */
export interface ClientTlsPolicy {
  /** SNI and the name the server's certificate must carry (RFC 6125); defaults to the host. */
  servername?: string;
  /** Check the server's chain against the CRLs as well. */
  checkRevocation: boolean;
  /** The address the client speaks from: in a zoned lab, its own address in its zone. */
  localAddress?: string;
}

/** Where a client's peer is, as far as its TLS policy goes: the name to check, the address to speak from. */
export interface PeerAddressing {
  servername?: string | undefined;
  localAddress?: string | undefined;
}

/** `policy` for one peer: with the peer's server name and the client's own address, where given. */
export function policyForPeer<P extends Omit<ClientTlsPolicy, 'servername' | 'localAddress'>>(
  policy: P,
  peer: PeerAddressing,
): P & Pick<ClientTlsPolicy, 'servername' | 'localAddress'> {
  return {
    ...policy,
    ...(peer.servername === undefined ? {} : { servername: peer.servername }),
    ...(peer.localAddress === undefined ? {} : { localAddress: peer.localAddress }),
  };
}

/** TLS 1.0 and 1.1 are deprecated (RFC 8996); the lab speaks 1.2 and 1.3. */
const minVersion: tls.SecureVersion = 'TLSv1.2';

/** Roles whose certificates are TLS identities; CA and code-signing keys never serve TLS. */
const tlsRoles: ReadonlySet<string> = new Set(['device', 'server', 'client', 'service']);

/**
 * Loads the TLS identity named `name` (its valid certificate) from the PKI in `stateDir`, with the
 * lab root and the current CRLs. Opens the store read-only in effect and never loads a CA key.
 *
 * @throws PumplabError PKI_STORE_NOT_INITIALISED, PKI_UNKNOWN_NAME, INPUT_INVALID (not a TLS role)
 * @example const material = loadTlsMaterial('.pumplab', 'pump-server');
 */
export function loadTlsMaterial(stateDir: string, name: string): TlsMaterial {
  const store = PkiStore.open(stateDir);
  try {
    const row = store.index.validByName(name);
    if (!row) throw new PumplabError('PKI_UNKNOWN_NAME', `No valid certificate is named ${name}.`, { name });
    if (!tlsRoles.has(row.role) || row.issuer === null) {
      throw new PumplabError('INPUT_INVALID', `${name} is a ${row.role} certificate, not a TLS identity.`, {
        name,
        role: row.role,
      });
    }
    const issuer = validRow(store, row.issuer);
    return {
      name,
      serial: row.serial,
      key: store.privateKeyPem(row.serial),
      cert: store.certificatePem(row.serial) + store.certificatePem(issuer.serial),
      ca: store.certificatePem(validRow(store, 'root-ca').serial),
      crl: readCrlPems(stateDir),
    };
  } finally {
    store.close();
  }
}

/**
 * Loads what a client without its own certificate needs: the lab root and the current CRLs.
 *
 * @example const socket = tls.connect({ host, port, ...clientTlsOptions(loadTlsTrust(dir), { checkRevocation: true }) });
 */
export function loadTlsTrust(stateDir: string): TlsTrust {
  const store = PkiStore.open(stateDir);
  try {
    return { ca: store.certificatePem(validRow(store, 'root-ca').serial), crl: readCrlPems(stateDir) };
  } finally {
    store.close();
  }
}

/**
 * Every lab CA's current CRL, read from the store's crl folder without opening the index: cheap
 * enough to call on every change. The authority replaces CRLs by rename, so a read sees a whole file.
 */
export function readCrlPems(stateDir: string): string[] {
  const layout = storeLayout(stateDir);
  if (!fs.existsSync(layout.index)) {
    throw new PumplabError('PKI_STORE_NOT_INITIALISED', `No PKI in ${layout.root}.`, { dir: layout.root });
  }
  return caNames.flatMap((ca) => {
    try {
      return [fs.readFileSync(layout.crl(ca), 'utf8')];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  });
}

/**
 * Options for a lab TLS server (`tls.createServer`, `https.createServer`, an MQTT or MLLP listener).
 *
 * When `checkRevocation` is on, Node adds the CRLs and sets X509_V_FLAG_CRL_CHECK |
 * X509_V_FLAG_CRL_CHECK_ALL, so every CA in the chain, root included, needs a current CRL
 * (RFC 5280 6.3.3): the authority publishes one per CA.
 *
 * @throws PumplabError PKI_CRL_INVALID when revocation checking is asked for but no CRL is at hand
 *   (Node would then silently skip the check).
 * @example tls.createServer(serverTlsOptions(material, { requireClientCert: true, checkRevocation: true }))
 */
export function serverTlsOptions(material: TlsMaterial, policy: ServerTlsPolicy): tls.TlsOptions {
  return {
    key: material.key,
    cert: material.cert,
    ca: material.ca,
    minVersion,
    requestCert: policy.requireClientCert,
    rejectUnauthorized: policy.requireClientCert,
    ...revocation(material, policy.checkRevocation),
  };
}

/**
 * Options for a lab TLS client (`tls.connect`, an HTTPS agent, MQTT.js). Given a `TlsMaterial` it
 * presents that certificate; given only `TlsTrust` it connects without one. Either way it verifies
 * the server against the lab root and refuses an untrusted server.
 *
 * @example tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(material, { checkRevocation: true }) })
 */
export function clientTlsOptions(
  material: TlsMaterial | TlsTrust,
  policy: ClientTlsPolicy,
): tls.ConnectionOptions {
  return {
    ...('key' in material ? { key: material.key, cert: material.cert } : {}),
    ca: material.ca,
    minVersion,
    rejectUnauthorized: true,
    ...(policy.servername === undefined ? {} : { servername: policy.servername }),
    ...(policy.localAddress === undefined ? {} : { localAddress: policy.localAddress }),
    ...revocation(material, policy.checkRevocation),
  };
}

function revocation(trust: TlsTrust, checkRevocation: boolean): { crl?: string[] } {
  if (!checkRevocation) return {};
  if (trust.crl.length === 0) {
    throw new PumplabError('PKI_CRL_INVALID', 'Revocation checking is on but the PKI has no CRL.', {});
  }
  return { crl: trust.crl };
}

function validRow(store: PkiStore, name: string): { serial: string } {
  const row = store.index.validByName(name);
  if (!row) throw new PumplabError('PKI_UNKNOWN_NAME', `No valid certificate is named ${name}.`, { name });
  return row;
}
