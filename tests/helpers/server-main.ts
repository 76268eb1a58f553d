/**
 * A Yoriai server without pages, as its own process: for restart, crash and multi-instance tests.
 * Reads the usual environment (PORT, DATA_DIR, REDIS_URL, …), prints `LISTENING <port>` on stdout
 * once it accepts connections, and shuts down cleanly (exit 0) on SIGTERM or SIGINT.
 *
 * Run with `node --import tsx tests/helpers/server-main.ts` (or `npx tsx tests/helpers/server-main.ts`).
 */
import { readConfigOrExit, stopOnSignals } from '../../server/lifecycle.js';
import { startYoriai } from '../../server/start.js';

async function main() {
	const config = readConfigOrExit();
	const running = await startYoriai(config, null);
	process.stdout.write(`LISTENING ${running.port}\n`);
	stopOnSignals(running.stop);
}

main().catch((err: unknown) => {
	console.error(`yoriai: could not start: ${(err as Error).message}`);
	process.exit(1);
});
