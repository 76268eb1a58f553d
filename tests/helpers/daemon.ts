/**
 * The child-process plumbing shared by the real outside programs the tests run (redis-server,
 * nginx): finding the binary, a free port, and a daemon whose output and exit are watched.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';

/** The first executable `name` in `dirs`, then on PATH; throws `missing` (one clear line) if none. */
export function findExecutable(name: string, dirs: string[], missing: string): string {
	for (const dir of [...dirs, ...(process.env.PATH ?? '').split(delimiter).filter(Boolean)]) {
		const candidate = join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	throw new Error(missing);
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

export interface Daemon {
	child: ChildProcessByStdio<null, Readable, Readable>;
	/** The last 4000 characters it wrote (stdout and stderr), and a spawn error. */
	output(): string;
	/** True once it exited (or could not be spawned). */
	readonly exited: boolean;
	/** Resolves when it has exited. */
	exit: Promise<void>;
}

/** Spawns `bin args` in the foreground with its output collected. */
export function spawnDaemon(bin: string, args: string[]): Daemon {
	const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
	return {
		child,
		output: () => output,
		get exited() {
			return exited;
		},
		exit
	};
}
