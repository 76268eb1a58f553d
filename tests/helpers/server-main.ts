/**
 * A Yoriai server without pages, as its own process: for restart, crash and multi-instance tests.
 * Reads the usual environment (PORT, DATA_DIR, REDIS_URL, …), prints `LISTENING <port>` on stdout
 * once it accepts connections, and shuts down cleanly (exit 0) on SIGTERM or SIGINT.
 *
 * Run with `node --import tsx tests/helpers/server-main.ts` (or `npx tsx tests/helpers/server-main.ts`).
 */
import { ConfigError, readConfig } from '../../server/config.js';
import { startYoriai } from '../../server/start.js';

async function main() {
	let config;
	try {
		config = readConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(`yoriai: ${err.message}`);
			process.exit(2);
		}
		throw err;
	}
	const running = await startYoriai(config, null);
	process.stdout.write(`LISTENING ${running.port}\n`);
	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		running.stop().then(
			() => process.exit(0),
			(err: unknown) => {
				console.error(`yoriai: shutdown failed: ${(err as Error).message}`);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
	console.error(`yoriai: could not start: ${(err as Error).message}`);
	process.exit(1);
});
