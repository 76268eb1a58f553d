/**
 * `vite dev` support: opens the store and attaches the same realtime endpoints to Vite's HTTP server.
 * Loaded by the Vite plugin in vite.config.ts.
 */
import type { Server as HttpServer } from 'node:http';
import { readConfig } from './config.js';
import { createLogger } from './log.js';
import { attachRealtime } from './realtime.js';
import { openStore } from './storage/index.js';

export async function startRealtimeForDev(httpServer: HttpServer) {
	const config = readConfig();
	const log = createLogger(config.logLevel);
	const store = await openStore({ dataDir: config.dataDir, redisUrl: config.redisUrl });
	const rt = await attachRealtime(httpServer, { config, store, log, otherUpgrades: 'leave' });
	return {
		httpHandler: rt.httpHandler,
		async close() {
			await rt.close();
			await store.close();
		}
	};
}
