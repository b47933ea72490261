import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * The one root logger. Components take `logger.child({ component })`. Serializers choose what is
 * logged: private keys and PEM bodies are never written, whatever a caller passes.
 */
const redactedPaths = [
  'key',
  'privateKey',
  '*.key',
  '*.privateKey',
  'pem',
  '*.pem',
  'password',
  '*.password',
];

/** Creates a root logger; `destination` defaults to stderr so CLI output on stdout stays clean. */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env['PUMPLAB_LOG_LEVEL'] ?? 'info';
  return pino(
    { level, base: { app: 'pumplab' }, redact: { paths: redactedPaths, censor: '[redacted]' } },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing; for library use where the caller passes none. */
export const silentLogger: Logger = pino({ level: 'silent' });

export type { Logger };
