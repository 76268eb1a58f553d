/**
 * Boot and shutdown shared by production and tests: config → store → HTTP server with realtime
 * attached → listen; SIGTERM/SIGINT close sockets, then the server, then flush the store.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { attachRealtime, type Realtime } from './realtime.js';
import { openStore } from './storage/index.js';
import type { Store } from './storage/types.js';

export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface Running {
	server: Server;
	port: number;
	url: string;
	store: Store;
	realtime: Realtime;
	log: Logger;
	stop(): Promise<void>;
}

/** Starts Yoriai on `config.port` (0 = a free port). `pages` serves everything else (SvelteKit). */
export async function startYoriai(config: Config, pages: PageHandler | null, opts: { log?: Logger; now?: () => number } = {}): Promise<Running> {
	const log = opts.log ?? createLogger(config.logLevel);
	const store = await openStore({ dataDir: config.dataDir, redisUrl: config.redisUrl, now: opts.now });
	const server = createServer();
	const realtime = await attachRealtime(server, { config, store, log, now: opts.now });
	// One listener for every request: realtime owns /socket.io/ and the API, pages get the rest.
	server.on('request', (req, res) => {
		realtime.httpHandler(req, res, () => {
			if (pages) return pages(req, res, () => notFound(res));
			notFound(res);
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	let stopping: Promise<void> | null = null;
	const stop = () =>
		(stopping ??= (async () => {
			await realtime.close();
			server.closeAllConnections?.();
			await new Promise<void>((r) => server.close(() => r()));
			await store.close();
		})());
	return { server, port, url: `http://127.0.0.1:${port}`, store, realtime, log, stop };
}

function notFound(res: ServerResponse) {
	res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
	res.end('Not found');
}
