import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractJsonSchemas } from '../../../simulators/contract/json-schemas.ts';
import { pumpTopic, parsePumpTopic, everyPump } from '../../../simulators/contract/topics.ts';
import { contractErrors } from '../../helpers/contract-validator.ts';

const schemaDir = path.join(import.meta.dirname, '..', '..', '..', 'docs', 'mqtt', 'schemas');

describe('the MQTT topic contract', () => {
  it('keeps the published JSON Schemas equal to the schemas the lab enforces', () => {
    for (const [file, schema] of Object.entries(contractJsonSchemas())) {
      const published = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')) as unknown;
      expect(published, `${file} is stale: run npm run contract:schemas`).toEqual(schema);
    }
  });

  it('round-trips pump topics and refuses topics outside the contract', () => {
    expect(parsePumpTopic(pumpTopic('PL00001', 'events'))).toEqual({ serial: 'PL00001', channel: 'events' });
    expect(parsePumpTopic('pumplab/v1/pumps/PL00001/shell')).toBeUndefined();
    expect(parsePumpTopic('pumplab/v1/pumps/+/events')).toBeUndefined();
    expect(parsePumpTopic('pumplab/v1/pumps/../events')).toBeUndefined();
    expect(everyPump('status')).toBe('pumplab/v1/pumps/+/status');
  });

  it('rejects, by the published schema, a status without its envelope', () => {
    expect(contractErrors('status', { state: 'infusing' }).length).toBeGreaterThan(0);
  });

  it('accepts, by the published schema, a well-formed presence message', () => {
    expect(
      contractErrors('presence', { serial: 'PL00001', online: true, at: '2026-01-01T00:00:00Z' }),
    ).toEqual([]);
  });
});
