/**
 * A throwaway redis-server for integration tests: a real binary on a free port, no persistence,
 * stopped by the test that started it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RedisServer {
	url: string;
	port: number;
	stop(): Promise<void>;
}

/** /usr/bin/redis-server, else the first redis-server on PATH; throws one clear line if none. */
function findRedisServer(): string {
	const dirs = ['/usr/bin', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)];
	for (const dir of dirs) {
		const candidate = join(dir, 'redis-server');
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	throw new Error('redis-server not found: install it (apt-get install redis-server) — .ci/run does this');
}

/** A port nobody listens on right now: bind port 0, read it, release it. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

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
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const keep = (chunk: Buffer) => {
		output = (output + chunk.toString()).slice(-4000);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);

	let exited = false;
	const exit = new Promise<void>((resolve) => {
		child.once('exit', () => {
			exited = true;
			resolve();
		});
		child.once('error', (err) => {
			keep(Buffer.from(String(err)));
			exited = true;
			resolve();
		});
	});

	// Poll until it answers; if the process dies first (port taken, bad flag), report its output.
	while (!(await answersPing(port))) {
		if (exited) throw new Error(`redis-server exited before answering on port ${port}:\n${output}`);
		await sleep(20);
	}

	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		async stop() {
			if (!exited) child.kill('SIGTERM');
			await exit;
		}
	};
}
