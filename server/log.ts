/**
 * Structured logs (pino, JSON lines on stdout). No token reaches a log line: link paths (`/j/…`),
 * `token=` query parameters, Authorization and Cookie headers are redacted wherever they appear.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

const LINK_PATH = /\/j\/[^/?#\s]*/g;
const TOKEN_PARAM = /([?&](?:token|access_token)=)[^&#\s]*/gi;

/** A URL (or path) safe to log: link tokens and `token=` parameters replaced by `…`. */
export function redactUrl(url: unknown): unknown {
	if (typeof url !== 'string') return url;
	return url.replace(LINK_PATH, '/j/…').replace(TOKEN_PARAM, '$1…');
}

/** pino's error serializer, with URLs inside the message, stack or `input` redacted too. */
function redactedError(err: unknown): unknown {
	if (!(err instanceof Error)) return err;
	const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
	for (const k of ['message', 'stack', 'input', 'url', 'path']) if (typeof out[k] === 'string') out[k] = redactUrl(out[k]);
	return out;
}

/** Creates the process logger (on stdout, or on `destination`: tests read what was logged). */
export function createLogger(level: string, destination?: { write(line: string): void }): Logger {
	const options: LoggerOptions = {
		level,
		base: { app: 'yoriai' },
		redact: {
			paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'token', 'organiserToken', '*.token'],
			censor: '…'
		},
		serializers: { url: redactUrl, path: redactUrl, err: redactedError }
	};
	return destination ? pino(options, destination) : pino(options);
}
