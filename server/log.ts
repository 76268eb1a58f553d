/** Structured logs (pino, JSON lines on stdout). */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the process logger. */
export function createLogger(level: string): Logger {
	return pino({ level, base: { app: 'yoriai' }, redact: ['req.headers.authorization', 'req.headers.cookie', 'token'] });
}
