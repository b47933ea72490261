// Writes the topic contract's JSON Schemas into docs/mqtt/schemas/ (npm run contract:schemas).
import fs from 'node:fs';
import path from 'node:path';
import { contractJsonSchemas } from '../../simulators/contract/json-schemas.ts';

const target = path.join(import.meta.dirname, '..', '..', 'docs', 'mqtt', 'schemas');
fs.mkdirSync(target, { recursive: true });
for (const [file, schema] of Object.entries(contractJsonSchemas())) {
  fs.writeFileSync(path.join(target, file), JSON.stringify(schema, null, 2) + '\n');
  process.stdout.write(`wrote ${path.join('docs/mqtt/schemas', file)}\n`);
}
