/**
 * A Yoriai server process for the fuzz suite: like server-main.ts, but with a page handler in the
 * place SvelteKit takes in production, so whatever reaches "the pages" in production reaches it here.
 * It behaves like SvelteKit's adapter-node handler as far as the server can tell: it answers
 * asynchronously (after the current turn, as a render does) with a full 404 page, and it does not
 * look at whether someone else already answered.
 *
 * The built SvelteKit handler (build/handler.js) only exists after `npm run build`, which runs
 * after the integration tests; this keeps the fuzz suite independent of it.
 *
 * Prints `LISTENING <port>` once it accepts connections; exits 0 on SIGTERM or SIGINT.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readConfigOrExit, stopOnSignals } from '../../server/lifecycle.js';
import { startYoriai } from '../../server/start.js';

function pages(req: IncomingMessage, res: ServerResponse): void {
	setImmediate(() => {
		res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
		res.end(req.method === 'HEAD' ? undefined : '<!doctype html><html lang="ja"><title>404</title><h1>ページが見つかりません</h1></html>');
	});
}

async function main() {
	const config = readConfigOrExit();
	const running = await startYoriai(config, pages);
	process.stdout.write(`LISTENING ${running.port}\n`);
	stopOnSignals(running.stop);
}

main().catch((err: unknown) => {
	console.error(`yoriai: could not start: ${(err as Error).message}`);
	process.exit(1);
});
