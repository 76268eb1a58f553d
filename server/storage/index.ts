/** Picks the store from configuration: Redis when REDIS_URL is set, else the SQLite file in DATA_DIR. */
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/**
 * Opens the configured store. `now` is the server's clock: the SQLite store's shared rate limits
 * run on it (Redis's run on Redis's own clock, the same for every instance).
 */
export async function openStore(opts: { dataDir: string; redisUrl: string | null; now?: () => number }): Promise<Store> {
	if (opts.redisUrl) {
		const { openRedisStore } = await import('./redis.js');
		return openRedisStore(opts.redisUrl);
	}
	return openSqliteStore(join(opts.dataDir, 'yoriai.sqlite'), { now: opts.now });
}
