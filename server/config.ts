/**
 * Configuration from the environment. A wrong value stops start-up with one clear line.
 */
import { resolve } from 'node:path';

export interface Config {
	port: number;
	host: string;
	dataDir: string;
	redisUrl: string | null;
	publicUrl: string | null;
	/** From SESSION_SECRET; when null the server creates one and keeps it in the store. */
	sessionSecret: string | null;
	adminToken: string | null;
	logLevel: string;
	/** Reverse proxies in front of us whose X-Forwarded-For entries are believed (0 = none). */
	trustProxy: number;
	/** MEETINGS_IN_MEMORY: meetings whose state each instance keeps in memory, the most recently used (others are read from the store). */
	meetingsInMemory: number;
	/** ZOOM_APP=1: served as a Zoom App (docs/zoom-app in README): every response carries HSTS, as Zoom's client requires of each HTML page. */
	zoomApp: boolean;
}

export class ConfigError extends Error {}

/** Reads and checks the configuration; throws ConfigError with a one-line message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a number from 0 to 65535, got "${env.PORT}"`);
	const redisUrl = env.REDIS_URL?.trim() || null;
	if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
	const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '') || null;
	if (publicUrl) {
		try {
			const u = new URL(publicUrl);
			if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
		} catch {
			throw new ConfigError(`PUBLIC_URL must be an http(s) URL such as https://yoriai.example.jp, got "${publicUrl}"`);
		}
	}
	const sessionSecret = env.SESSION_SECRET?.trim() || null;
	if (sessionSecret && sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
	const adminToken = env.ADMIN_TOKEN?.trim() || null;
	if (adminToken && adminToken.length < 16) throw new ConfigError('ADMIN_TOKEN must be at least 16 characters long');
	const logLevel = env.LOG_LEVEL?.trim() || 'info';
	if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
		throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "${logLevel}"`);
	const trustProxy = env.TRUST_PROXY === undefined || env.TRUST_PROXY === '' ? 0 : Number(env.TRUST_PROXY);
	if (!Number.isInteger(trustProxy) || trustProxy < 0 || trustProxy > 10) throw new ConfigError(`TRUST_PROXY must be the number of proxies in front (0 to 10), got "${env.TRUST_PROXY}"`);
	const inMemoryRaw = env.MEETINGS_IN_MEMORY?.trim() ?? '';
	const meetingsInMemory = inMemoryRaw === '' ? 1000 : Number(inMemoryRaw);
	if (!Number.isInteger(meetingsInMemory) || meetingsInMemory < 1 || meetingsInMemory > 1_000_000)
		throw new ConfigError(`MEETINGS_IN_MEMORY must be a number of meetings from 1 to 1000000, got "${env.MEETINGS_IN_MEMORY}"`);
	const zoomRaw = env.ZOOM_APP?.trim().toLowerCase() ?? '';
	if (!['', '0', '1', 'true', 'false'].includes(zoomRaw)) throw new ConfigError(`ZOOM_APP must be 1 (served as a Zoom App) or 0, got "${env.ZOOM_APP}"`);
	return {
		port,
		host: env.HOST?.trim() || '0.0.0.0',
		dataDir: resolve(env.DATA_DIR?.trim() || './data'),
		redisUrl,
		publicUrl,
		sessionSecret,
		adminToken,
		logLevel,
		trustProxy,
		meetingsInMemory,
		zoomApp: zoomRaw === '1' || zoomRaw === 'true'
	};
}
