/**
 * The board servers benchmarks compare, each in its own child process: ours (`startYoriai` on a
 * fresh SQLite directory) and the reference @y/websocket-server (`setupWSConnection`, the document
 * named by the URL path). Run as a script (`bench/lib/board-servers.ts <ours|reference>`) it serves
 * one and prints `READY <port>`; `startBoardServer` starts one that way. Both answer a `{ type: 'heap' }`
 * IPC message with their heap after a full garbage collection (`heapOf`), for bench/yjs-memory.ts,
 * and the probe's questions (bench/lib/probe.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { installProbe } from './probe.js';

export type BoardServerKind = 'ours' | 'reference';

/** What a server answers to `heap`: process.memoryUsage() right after a full collection. */
export type HeapReport = NodeJS.MemoryUsage;

async function serve(kind: BoardServerKind) {
	installProbe();
	process.on('message', (msg: { type?: string; path?: string }) => {
		if (msg?.type === 'snapshot' && msg.path) return void import('node:v8').then((v8) => process.send?.({ type: 'snapshot', file: v8.writeHeapSnapshot(msg.path) }));
		if (msg?.type !== 'heap') return;
		for (let i = 0; i < 3; i++) (globalThis as { gc?: () => void }).gc?.();
		process.send?.({ type: 'heap', usage: process.memoryUsage() });
	});
	process.on('disconnect', () => process.exit(0));
	if (kind === 'reference') {
		const { setupWSConnection } = await import('@y/websocket-server/utils');
		const wss = new WebSocketServer({ noServer: true });
		const server = createServer((_req, res) => res.end('ok'));
		server.on('upgrade', (req, socket, head) => {
			const docName = (req.url ?? '/').slice(1).split('?')[0];
			wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
		});
		server.listen(0, '127.0.0.1', () => {
			const addr = server.address();
			process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
		});
		return;
	}
	const { readConfig } = await import('../../server/config.js');
	const { startYoriai } = await import('../../server/start.js');
	const dataDir = mkdtempSync(join(tmpdir(), 'yoriai-bench-'));
	const running = await startYoriai(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), null);
	process.on('SIGTERM', () => void running.stop().finally(() => (rmSync(dataDir, { recursive: true, force: true }), process.exit(0))));
	process.stdout.write(`READY ${running.port}\n`);
}

/** Starts one board server as a child process; resolves with it and its port. */
export function startBoardServer(kind: BoardServerKind): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), kind], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (c: Buffer) => {
			out += c.toString();
			const m = /READY (\d+)/.exec(out);
			if (m) resolve({ child, port: Number(m[1]) });
		});
		child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) void serve(process.argv[2] as BoardServerKind);

/** The heap of a server started by `startBoardServer`, after a full garbage collection there. */
export function heapOf(child: ChildProcess): Promise<HeapReport> {
	return new Promise((resolve) => {
		const on = (msg: { type?: string; usage?: HeapReport }) => {
			if (msg?.type !== 'heap') return;
			child.off('message', on);
			resolve(msg.usage!);
		};
		child.on('message', on);
		child.send({ type: 'heap' });
	});
}
