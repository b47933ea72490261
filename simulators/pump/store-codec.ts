import crypto from 'node:crypto';
import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';

/** One infusion in the pump's history; patientId is PHI (the data CVE-2022-26390 exposed). */
export const historyEntrySchema = z.object({
  infusionId: z.string(),
  patientId: z.string().optional(),
  drugId: z.string(),
  drugName: z.string(),
  rateMlPerHour: z.number(),
  vtbi: z.number(),
  volumeInfused: z.number(),
  kvoVolume: z.number(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const storeContentsSchema = z.object({
  format: z.literal('pumplab.pump-store/1'),
  serial: z.string(),
  /** The Wi-Fi network and its pre-shared key (CVE-2015-1012: kept in plaintext on the pump). */
  wifi: z.object({ ssid: z.string(), psk: z.string() }),
  history: z.array(historyEntrySchema),
});
export type StoreContents = z.infer<typeof storeContentsSchema>;

/** Marks a sealed store: "PumpLab Store, sealed, v1". A plain store starts with `{`. */
const magic = Buffer.from('PLS1', 'ascii');
const saltBytes = 16;
/** 96-bit nonce, the size GCM is specified for (NIST SP 800-38D 8.2). */
const ivBytes = 12;
const tagBytes = 16;
const keyInfo = Buffer.from('pumplab pump store v1 aes-256-gcm', 'utf8');

/**
 * Encodes the store as it lies on flash: plain JSON, or, when `secret` is given, AES-256-GCM with a
 * key derived by HKDF-SHA256 (RFC 5869) from the device secret and a fresh salt. The device secret
 * is 32 random bytes, so it needs no password stretching. The serial is authenticated data: a
 * store copied into another pump does not open.
 */
export function encodeStore(contents: StoreContents, secret: Buffer | null): Buffer {
  const json = Buffer.from(JSON.stringify(contents), 'utf8');
  if (!secret) return json;
  const salt = crypto.randomBytes(saltBytes);
  const iv = crypto.randomBytes(ivBytes);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  cipher.setAAD(additionalData(contents.serial));
  const sealed = Buffer.concat([cipher.update(json), cipher.final()]);
  return Buffer.concat([magic, salt, iv, cipher.getAuthTag(), sealed]);
}

/** True when `bytes` are a sealed (encrypted) store. */
export function isSealed(bytes: Buffer): boolean {
  return bytes.subarray(0, magic.length).equals(magic);
}

/** Decodes a store from flash; PUMP_STORE_CORRUPT when it is damaged or sealed with another secret. */
export function decodeStore(bytes: Buffer, secret: () => Buffer, serial: string): StoreContents {
  try {
    const json = isSealed(bytes) ? unseal(bytes, secret(), serial) : bytes;
    return storeContentsSchema.parse(JSON.parse(json.toString('utf8')));
  } catch (error) {
    throw new PumplabError(
      'PUMP_STORE_CORRUPT',
      'The pump store cannot be read.',
      { serial },
      { cause: error },
    );
  }
}

function unseal(bytes: Buffer, secret: Buffer, serial: string): Buffer {
  if (bytes.length < magic.length + saltBytes + ivBytes + tagBytes) throw new Error('sealed store truncated');
  let offset = magic.length;
  const take = (length: number): Buffer => bytes.subarray(offset, (offset += length));
  const salt = take(saltBytes);
  const iv = take(ivBytes);
  const tag = take(tagBytes);
  // A fixed tag length: a shortened tag would be easier to forge (NIST SP 800-38D 5.2.1.2).
  const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKey(secret, salt), iv, {
    authTagLength: tagBytes,
  });
  decipher.setAAD(additionalData(serial));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(offset)), decipher.final()]);
}

function deriveKey(secret: Buffer, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, salt, keyInfo, 32));
}

function additionalData(serial: string): Buffer {
  return Buffer.concat([magic, Buffer.from(serial, 'utf8')]);
}
