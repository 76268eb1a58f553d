/**
 * A Yoriai server as its own process: for restart, crash, multi-instance and fuzz tests. Reads the
 * usual environment (PORT, DATA_DIR, REDIS_URL, …), prints `LISTENING <port>` on stdout once it
 * accepts connections, and shuts down cleanly (exit 0) on SIGTERM or SIGINT.
 *
 * With TEST_PAGES=404 a page handler takes the place SvelteKit takes in production, so whatever
 * reaches "the pages" there reaches it here. It behaves like adapter-node's handler as far as the
 * server can tell: it answers after the current turn (as a render does) with a full 404 page, and
 * does not look at whether someone else already answered. (The built SvelteKit handler only exists
 * after `npm run build`, which runs after the integration tests.)
 *
 * Run with `node --import tsx tests/helpers/server-main.ts` (or `npx tsx tests/helpers/server-main.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readConfigOrExit, stopOnSignals } from '../../server/lifecycle.js';
import { startYoriai } from '../../server/start.js';

function notFoundPages(req: IncomingMessage, res: ServerResponse): void {
	setImmediate(() => {
		res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
		res.end(req.method === 'HEAD' ? undefined : '<!doctype html><html lang="ja"><title>404</title><h1>ページが見つかりません</h1></html>');
	});
}

async function main() {
	const config = readConfigOrExit();
	const running = await startYoriai(config, process.env.TEST_PAGES === '404' ? notFoundPages : null);
	process.stdout.write(`LISTENING ${running.port}\n`);
	stopOnSignals(running.stop);
}

main().catch((err: unknown) => {
	console.error(`yoriai: could not start: ${(err as Error).message}`);
	process.exit(1);
});
