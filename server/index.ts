/**
 * Production entry: serves the SvelteKit build (adapter-node handler) and the realtime endpoints on
 * one port. Start with `npm start` (builds first) or `node dist/server/index.js`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { createLogger } from './log.js';
import { readConfigOrExit, stopOnSignals } from './lifecycle.js';
import { startYoriai, type PageHandler } from './start.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
	const config = readConfigOrExit();
	const log = createLogger(config.logLevel);
	// Every request path owns its errors; these catch whatever still escapes (a library's callback),
	// log it, and keep the meeting running instead of ending the process.
	process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
	process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception (kept running)'));
	const handlerFile = join(root, 'build', 'handler.js');
	if (!existsSync(handlerFile)) {
		console.error('yoriai: build/handler.js is missing: run `npm run build` first (npm start does it for you)');
		process.exit(2);
	}
	const { handler } = (await import(pathToFileURL(handlerFile).href)) as { handler: PageHandler };
	let running;
	try {
		running = await startYoriai(config, handler, { log });
	} catch (err) {
		console.error(`yoriai: could not start: ${(err as Error).message}`);
		process.exit(1);
	}
	log.info({ url: `http://localhost:${running.port}`, store: running.store.kind, dataDir: config.redisUrl ? undefined : config.dataDir }, 'Yoriai is listening');
	stopOnSignals(running.stop, (signal) => log.info({ signal }, 'shutting down'));
}

void main();
