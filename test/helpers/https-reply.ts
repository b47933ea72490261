import type { IncomingMessage } from 'node:http';

/** One HTTPS answer, read whole. */
export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** Reads a response to its end as a Reply. */
export function readReply(response: IncomingMessage): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('error', reject);
    response.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text,
        json: <T>() => JSON.parse(text) as T,
      });
    });
  });
}
