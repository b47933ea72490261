import { z } from 'zod';
import { commandResultSchema, eventSchema, presenceSchema, statusSchema } from './pump-messages.ts';
import { commandSchema } from './server-commands.ts';
import { drugLibrarySchema } from './drug-library.ts';
import { channels, type Channel } from './topics.ts';

/** The zod schema of each channel's payload: the one source the JSON Schemas in docs/ come from. */
export const payloadSchemas: Record<Channel, z.ZodType> = {
  status: statusSchema,
  events: eventSchema,
  'command-results': commandResultSchema,
  presence: presenceSchema,
  commands: commandSchema,
};

/**
 * JSON Schema (draft 2020-12) documents for the topic contract, keyed by file name. A vendor's
 * pump or server validates against these; a test keeps the committed copies equal to them.
 */
export function contractJsonSchemas(): Record<string, object> {
  const documents: Record<string, object> = {};
  for (const channel of Object.keys(channels) as Channel[]) {
    documents[`${channel}.schema.json`] = {
      $id: `https://pumplab.lab/schemas/mqtt/${channel}.schema.json`,
      title: `pumplab/v1/pumps/{serial}/${channel}`,
      ...z.toJSONSchema(payloadSchemas[channel], { io: 'input' }),
    };
  }
  documents['drug-library.schema.json'] = {
    $id: 'https://pumplab.lab/schemas/drug-library.schema.json',
    title: 'pumplab drug library',
    ...z.toJSONSchema(drugLibrarySchema, { io: 'input' }),
  };
  return documents;
}
