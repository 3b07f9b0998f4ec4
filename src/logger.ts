import pino, { type Logger } from 'pino';

/**
 * The hub's logger. It never receives shared data: request logs carry the operation name, unit,
 * status and timing only; the Authorization header is redacted should a caller ever pass it.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'tax-info-hub' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'key', '*.key'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
