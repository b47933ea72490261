import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Channel } from '../../simulators/contract/topics.ts';

/**
 * Validates payloads against the published JSON Schemas in docs/mqtt/schemas with Ajv, an
 * implementation independent of the zod schemas the lab itself uses.
 */
const schemaDir = path.join(import.meta.dirname, '..', '..', 'docs', 'mqtt', 'schemas');
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);

const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function validatorFor(file: string): ReturnType<typeof ajv.compile> {
  let validate = validators.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as object);
    validators.set(file, validate);
  }
  return validate;
}

/** The validation errors of `payload` on `channel` (empty when valid). */
export function contractErrors(channel: Channel | 'drug-library', payload: unknown): string[] {
  const validate = validatorFor(`${channel}.schema.json`);
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
