import crypto from 'node:crypto';
import { z } from 'zod';
import { PumplabError } from '../../core/errors.ts';

/**
 * The lab's fictional firmware image format, PLFW/1, shared by the pump server (which checks and
 * signs what it is given) and the pump (which checks what it installs). Small enough to read in a
 * hex dump, real enough that both sides check it (docs/mqtt-topic-contract.md, "Firmware images"):
 *
 *   offset 0  "PLFW"             magic
 *   offset 4  0x01               format version
 *   offset 5  uint16 big-endian  header length N
 *   offset 7  N bytes            header: UTF-8 JSON {model, version, bodyLength, bodySha256}
 *   offset 7+N                   body (opaque; the simulated pump reads nothing from it)
 *
 * The whole image is what the server signs (detached CMS, like a drug library), so the header's
 * model and version are covered by the signature along with the body.
 */
const magic = Buffer.from('PLFW', 'ascii');
const formatVersion = 1;
const prefixLength = 7;
/** Bytes; a header is a few dozen, so a larger one is a malformed or hostile image. */
const maxHeaderLength = 4096;

/** The JSON header of a PLFW/1 image. */
export const firmwareHeaderSchema = z.object({
  model: z.string().regex(/^[A-Za-z0-9 ._-]{1,40}$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  bodyLength: z.number().int().nonnegative(),
  bodySha256: z.string().regex(/^[0-9a-f]{64}$/),
});
/** What a PLFW image's header says. */
export type FirmwareHeader = z.infer<typeof firmwareHeaderSchema>;

/** A parsed image: its header and its body. */
export interface FirmwareImage extends FirmwareHeader {
  body: Buffer;
}

const sha256 = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * Builds a PLFW/1 image for `model` at `version` around `body` (by default a line naming both, for
 * tests and the lab's sample firmware).
 * @example const image = buildFirmwareImage({ model: 'LVP-3000', version: '2.1.0', body: Buffer.from('...') })
 */
export function buildFirmwareImage(input: { model: string; version: string; body?: Buffer }): Buffer {
  const body = input.body ?? Buffer.from(`pumplab firmware ${input.version} for ${input.model}\n`);
  const header = firmwareHeaderSchema.parse({
    model: input.model,
    version: input.version,
    bodyLength: body.length,
    bodySha256: sha256(body),
  });
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(prefixLength);
  magic.copy(prefix, 0);
  prefix.writeUInt8(formatVersion, 4);
  prefix.writeUInt16BE(headerBytes.length, 5);
  return Buffer.concat([prefix, headerBytes, body]);
}

/**
 * Reads a PLFW/1 image and checks its framing, header schema, body length and body digest.
 * @throws PumplabError FIRMWARE_IMAGE_INVALID, naming the first problem found.
 * @example const { model, version } = parseFirmwareImage(image)
 */
export function parseFirmwareImage(image: Buffer): FirmwareImage {
  if (image.length < prefixLength || !image.subarray(0, 4).equals(magic)) invalid('no PLFW magic');
  if (image.readUInt8(4) !== formatVersion) invalid(`format version ${image.readUInt8(4)} is not 1`);
  const headerLength = image.readUInt16BE(5);
  if (headerLength > maxHeaderLength || prefixLength + headerLength > image.length) {
    invalid('header length out of range');
  }
  const headerEnd = prefixLength + headerLength;
  const header = firmwareHeaderSchema.safeParse(parseJson(image.subarray(prefixLength, headerEnd)));
  if (!header.success) invalid('header does not match its schema');
  const body = image.subarray(headerEnd);
  if (body.length !== header.data.bodyLength) invalid('body length differs from the header');
  if (sha256(body) !== header.data.bodySha256) invalid('body digest differs from the header');
  return { ...header.data, body };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return invalid('header is not JSON');
  }
}

function invalid(reason: string): never {
  throw new PumplabError('FIRMWARE_IMAGE_INVALID', `Not a PLFW/1 firmware image: ${reason}.`, { reason });
}
