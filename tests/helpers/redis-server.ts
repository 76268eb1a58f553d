/**
 * A throwaway redis-server for integration tests: a real binary on a free port, no persistence,
 * stopped by the test that started it.
 */
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { findExecutable, freePort, spawnDaemon } from './daemon.js';

export interface RedisServer {
	url: string;
	port: number;
	stop(): Promise<void>;
}

/** /usr/bin/redis-server, else the first redis-server on PATH; throws one clear line if none. */
const findRedisServer = () => findExecutable('redis-server', ['/usr/bin'], 'redis-server not found: install it (apt-get install redis-server) — .ci/run does this');

/** Resolves true when something on `port` answers PING with +PONG. */
function answersPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let reply = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
		});
		socket.once('close', () => done(false));
	});
}

/**
 * Starts redis-server on a free port (or `port`, to restart one) and resolves once it answers
 * PING. With `dir`, it keeps an append-only file there (fsync always), so a restart keeps the data.
 */
export async function startRedis(opts: { port?: number; dir?: string } = {}): Promise<RedisServer> {
	const bin = findRedisServer();
	const port = opts.port ?? (await freePort());
	const persistence = opts.dir ? ['--dir', opts.dir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
	const daemon = spawnDaemon(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence]);

	// Poll until it answers; if the process dies first (port taken, bad flag), report its output.
	while (!(await answersPing(port))) {
		if (daemon.exited) throw new Error(`redis-server exited before answering on port ${port}:\n${daemon.output()}`);
		await sleep(20);
	}

	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		async stop() {
			if (!daemon.exited) daemon.child.kill('SIGTERM');
			await daemon.exit;
		}
	};
}
