import crypto, { type KeyObject } from 'node:crypto';
import { PumplabError } from '../core/errors.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { PkiStore } from './store/pki-store.ts';
import type { IndexRow } from './store/certificate-index.ts';
import { buildCrl, type RevocationReason } from './crl-builder.ts';
import { type NameParts } from './distinguished-name.ts';
import { keyIdentifier } from './keys.ts';
import { profiles } from './profiles.ts';
import { caNames, hierarchy, issuerForRole, organization, type CaName } from './hierarchy.ts';
import { parseIssueRequest, type IssueRequest } from './issue-request.ts';
import { alternativeNames } from './leaf-extensions.ts';
import { signIdentity, type IdentitySpec } from './sign-identity.ts';
import { toRecord, type CertificateRecord } from './certificate-record.ts';

const day = 86_400_000;
/** CRLs are reissued at least weekly; relying parties reject a CRL past nextUpdate. */
const crlLifetimeMs = 7 * day;

/** A certificate with its private key and the chain a TLS peer presents. */
export interface Identity {
  serial: string;
  name: string;
  certificatePem: string;
  privateKeyPem: string;
  /** Leaf then its issuing CA: what a TLS endpoint sends (`cert` option). */
  chainPem: string;
  /** The lab root: what a relying party trusts (`ca` option). */
  rootPem: string;
}

export interface AuthorityOptions {
  clock?: Clock;
  logger?: Logger;
}

/**
 * The lab's certificate authority: a root and three issuing CAs over one store. Issues, renews and
 * revokes certificates and publishes a signed CRL per CA.
 */
export class CertificateAuthority {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly caKeys = new Map<CaName, KeyObject>();
  private readonly caKeyIds = new Map<CaName, Buffer>();
  private readonly caPems = new Map<CaName, string>();

  private constructor(
    readonly store: PkiStore,
    options: AuthorityOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ component: 'pki' });
  }

  /** Creates the hierarchy in a new store under `stateDir` and publishes every CA's first CRL. */
  static init(stateDir: string, options: AuthorityOptions = {}): CertificateAuthority {
    const authority = new CertificateAuthority(PkiStore.create(stateDir), options);
    authority.store.index.transaction(() => {
      for (const name of caNames) authority.createCa(name);
    });
    for (const name of caNames) authority.publishCrl(name);
    authority.logger.info({ dir: authority.store.layout.root }, 'PKI created');
    return authority;
  }

  /** Opens the PKI of an existing state directory. */
  static open(stateDir: string, options: AuthorityOptions = {}): CertificateAuthority {
    return new CertificateAuthority(PkiStore.open(stateDir), options);
  }

  /** Issues one end-entity certificate and key, written to the store. */
  issue(input: IssueRequest): Identity {
    return this.store.index.transaction(() => this.issueUnlocked(parseIssueRequest(input)));
  }

  /** Issues many in one transaction: how a fleet of thousands of pumps gets its identities quickly. */
  issueMany(inputs: IssueRequest[]): Identity[] {
    const requests = inputs.map(parseIssueRequest);
    const names = new Set<string>();
    for (const { name } of requests) {
      // Checked before any key is made, so a refused batch writes no file at all.
      if (names.has(name))
        throw new PumplabError('PKI_DUPLICATE_NAME', `${name} appears twice in the batch.`, { name });
      names.add(name);
    }
    return this.store.index.transaction(() => {
      for (const name of names) this.refuseDuplicate(name);
      return requests.map((request) => this.issueUnlocked(request));
    });
  }

  /** Reissues the named certificate with a new key; the old one becomes `superseded`. */
  renew(name: string): Identity {
    return this.store.index.transaction(() => {
      const row = this.validRow(name);
      this.store.index.setStatus(row.serial, 'superseded');
      const request = parseIssueRequest({ ...(JSON.parse(row.request) as object), name, role: row.role });
      this.logger.info({ name, previous: row.serial }, 'certificate renewed');
      return this.issueUnlocked(request);
    });
  }

  /** Revokes a certificate with an RFC 5280 reason and republishes its issuer's CRL at once. */
  revoke(serial: string, reason: RevocationReason = 'unspecified'): CertificateRecord {
    const row = this.store.index.transaction(() => {
      const found = this.store.index.bySerial(serial.toLowerCase());
      if (!found)
        throw new PumplabError('PKI_UNKNOWN_SERIAL', `No certificate has serial ${serial}.`, { serial });
      if (found.status === 'revoked') {
        throw new PumplabError('PKI_ALREADY_REVOKED', `Certificate ${serial} is already revoked.`, {
          serial,
        });
      }
      if (!found.issuer)
        throw new PumplabError('PKI_NOT_A_CA', 'The root CA cannot be revoked by itself.', { serial });
      const at = new Date(this.clock.now()).toISOString();
      this.store.index.setStatus(found.serial, 'revoked', { at, reason });
      return { ...found, status: 'revoked' as const, revokedAt: at, revocationReason: reason };
    });
    this.publishCrl(row.issuer as CaName);
    this.logger.info({ serial: row.serial, name: row.name, reason }, 'certificate revoked');
    return toRecord(row, this.clock.now());
  }

  /** Signs and writes a fresh CRL for `ca`, listing every certificate it revoked. */
  publishCrl(ca: CaName): string {
    if (!caNames.includes(ca))
      throw new PumplabError('PKI_NOT_A_CA', `${String(ca)} is not a lab CA.`, { ca });
    const caRow = this.validRow(ca);
    const signingKey = this.caKey(ca);
    const now = this.clock.now();
    const pem = this.store.index.transaction(() =>
      buildCrl({
        issuer: hierarchy[ca].subject,
        issuerKeyId: this.caKeyId(ca),
        signingKey,
        number: this.store.index.nextCrlNumber(ca),
        thisUpdate: new Date(now),
        nextUpdate: new Date(now + crlLifetimeMs),
        entries: this.store.index.revokedBy(caRow.name).map((revoked) => ({
          serialHex: revoked.serial,
          revokedAt: new Date(revoked.revokedAt ?? now),
          reason: revoked.revocationReason ?? 'unspecified',
        })),
      }),
    );
    this.store.writeCrl(ca, pem);
    return pem;
  }

  /** Every certificate with its status now. */
  list(): CertificateRecord[] {
    const now = this.clock.now();
    return this.store.index.all().map((row) => toRecord(row, now));
  }

  /** The record for a serial. */
  record(serial: string): CertificateRecord {
    const row = this.store.index.bySerial(serial.toLowerCase());
    if (!row)
      throw new PumplabError('PKI_UNKNOWN_SERIAL', `No certificate has serial ${serial}.`, { serial });
    return toRecord(row, this.clock.now());
  }

  /** The current identity (certificate, key, chain, root) for a name. */
  identity(name: string): Identity {
    const row = this.validRow(name);
    return this.identityOf(row.serial, name, row.issuer as CaName | null);
  }

  /** The root certificate: the one trust anchor of the lab. */
  rootPem(): string {
    return this.caPem('root-ca');
  }

  /** The certificate of a CA by name (CA certificates do not change while a store is open). */
  caPem(ca: CaName): string {
    let pem = this.caPems.get(ca);
    if (pem === undefined) {
      pem = this.store.certificatePem(this.validRow(ca).serial);
      this.caPems.set(ca, pem);
    }
    return pem;
  }

  /** Every CA's current CRL: what a relying party with CRL checking needs for the whole chain. */
  crlPems(): string[] {
    return caNames.flatMap((ca) => this.store.crlPem(ca) ?? []);
  }

  close(): void {
    this.store.close();
  }

  private refuseDuplicate(name: string): void {
    if (this.store.index.validByName(name)) {
      throw new PumplabError('PKI_DUPLICATE_NAME', `A valid certificate named ${name} exists.`, { name });
    }
  }

  private issueUnlocked(request: IssueRequest): Identity {
    this.refuseDuplicate(request.name);
    const issuer = issuerForRole[request.role];
    const keyType = request.keyType ?? profiles[request.role].defaultKeyType;
    const subject: NameParts = {
      organization,
      organizationalUnit: request.role === 'device' ? 'Infusion Pumps' : 'Clinical Systems',
      commonName: request.commonName ?? request.name,
      ...(request.deviceSerial ? { serialNumber: request.deviceSerial } : {}),
    };
    const { notBefore: _notBefore, notAfter: _notAfter, name: _name, role: _role, ...remembered } = request;
    const issued = this.signAndSave({
      name: request.name,
      role: request.role,
      subject,
      issuer,
      keyType,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      altNames: alternativeNames(request),
      request: JSON.stringify(remembered),
    });
    return {
      serial: issued.serial,
      name: request.name,
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      chainPem: issued.certificatePem + this.caPem(issuer),
      rootPem: this.rootPem(),
    };
  }

  private createCa(name: CaName): void {
    const definition = hierarchy[name];
    const isRoot = name === 'root-ca';
    this.signAndSave({
      name,
      role: isRoot ? 'root-ca' : 'issuing-ca',
      subject: definition.subject,
      issuer: isRoot ? undefined : 'root-ca',
      keyType: definition.keyType,
      request: '{}',
    });
  }

  /** Signs a new identity under its issuer and saves certificate, key and index row. */
  private signAndSave(spec: IdentitySpec): { serial: string; certificatePem: string; privateKeyPem: string } {
    const issuer = spec.issuer
      ? { privateKey: this.caKey(spec.issuer), keyId: this.caKeyId(spec.issuer) }
      : undefined;
    const signed = signIdentity(spec, issuer, this.clock.now());
    this.store.save(signed.row, signed.certificatePem, signed.privateKeyPem);
    if (spec.role === 'root-ca' || spec.role === 'issuing-ca')
      this.caKeys.set(spec.name as CaName, signed.privateKey);
    return {
      serial: signed.row.serial,
      certificatePem: signed.certificatePem,
      privateKeyPem: signed.privateKeyPem,
    };
  }

  private caKey(ca: CaName): KeyObject {
    let key = this.caKeys.get(ca);
    if (!key) {
      key = this.store.privateKey(this.validRow(ca).serial);
      this.caKeys.set(ca, key);
    }
    return key;
  }

  private caKeyId(ca: CaName): Buffer {
    let id = this.caKeyIds.get(ca);
    if (!id) {
      id = keyIdentifier(crypto.createPublicKey(this.caKey(ca)));
      this.caKeyIds.set(ca, id);
    }
    return id;
  }

  private validRow(name: string): IndexRow {
    const row = this.store.index.validByName(name);
    if (!row) throw new PumplabError('PKI_UNKNOWN_NAME', `No valid certificate is named ${name}.`, { name });
    return row;
  }

  private identityOf(serial: string, name: string, issuer: CaName | null): Identity {
    const certificatePem = this.store.certificatePem(serial);
    const issuerPem = issuer ? this.caPem(issuer) : '';
    return {
      serial,
      name,
      certificatePem,
      privateKeyPem: this.store.privateKeyPem(serial),
      chainPem: certificatePem + issuerPem,
      rootPem: this.rootPem(),
    };
  }
}
