/**
 * Server process for bench/votes.ts, in one of two modes:
 * - `yoriai`: the real server (validation, rate limits, SQLite append, per-role redaction, fan-out);
 * - `bare`: a plain socket.io server that broadcasts the same vote events to the meeting's room, with
 *   no validation and no persistence (the peer the issue compares against).
 * With REDIS_URL both scale out on that Redis: Yoriai as it runs in production (the Redis store, its
 * adapter and board relay), the bare server with `@socket.io/redis-adapter` (one PUBLISH per
 * broadcast); BENCH_INSTANCE / BENCH_INSTANCES keep the bare servers' sequence numbers apart.
 * Prints `LISTENING <port>` and answers the benchmark's IPC questions (bench/lib/probe.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { installProbe } from './probe.js';

const mode = process.argv[2];

// As the production entry does (server/index.ts): an unhandled failure is logged, never fatal.
process.on('unhandledRejection', (err) => console.error(`votes-server ${mode}: unhandled rejection (kept running):`, err));
process.on('uncaughtException', (err) => console.error(`votes-server ${mode}: uncaught exception (kept running):`, err));

installProbe();

async function bare(): Promise<number> {
	const http = createServer();
	const io = new Server(http, { path: '/socket.io/', serveClient: false, maxHttpBufferSize: 64 * 1024 });
	const redisUrl = process.env.REDIS_URL;
	if (redisUrl) {
		const [{ createAdapter }, { createClient }] = await Promise.all([import('@socket.io/redis-adapter'), import('redis')]);
		const pub = createClient({ url: redisUrl, socket: { connectTimeout: 30_000 } });
		pub.on('error', (err) => console.error('votes-server bare: redis', err));
		const sub = pub.duplicate();
		sub.on('error', (err) => console.error('votes-server bare: redis', err));
		await Promise.all([pub.connect(), sub.connect()]);
		io.adapter(createAdapter(pub, sub));
	}
	// Sequence numbers unique across instances: instance i of n numbers i+1, i+1+n, i+1+2n, …
	const instance = Number(process.env.BENCH_INSTANCE ?? 0);
	const instances = Number(process.env.BENCH_INSTANCES ?? 1);
	const seqs = new Map<string, number>();
	const votes = new Map<string, number>();
	io.on('connection', (socket) => {
		const meetingId = String((socket.handshake.auth as { meetingId?: unknown }).meetingId ?? '');
		void socket.join(`m:${meetingId}`);
		socket.on('command', (cmd: { type: string; questionId: string }, ack: (r: unknown) => void) => {
			const seq = (seqs.get(meetingId) ?? instance + 1 - instances) + instances;
			seqs.set(meetingId, seq);
			const key = `${meetingId}:${cmd.questionId}`;
			const n = (votes.get(key) ?? 0) + (cmd.type === 'question.vote' ? 1 : -1);
			votes.set(key, n);
			const event = { seq, at: Date.now(), actor: null, event: { type: cmd.type === 'question.vote' ? 'question.voted' : 'question.unvoted', id: cmd.questionId, memberId: null, votes: n } };
			io.to(`m:${meetingId}`).emit('events', { fromSeq: seq - 1, seq, events: [event] });
			ack({ ok: true, seq });
		});
	});
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
	return (http.address() as AddressInfo).port;
}

async function yoriai(): Promise<number> {
	const { readConfig } = await import('../../server/config.js');
	const { startYoriai } = await import('../../server/start.js');
	const dataDir = mkdtempSync(join(tmpdir(), 'yoriai-bench-'));
	const running = await startYoriai(
		readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) }),
		null
	);
	const stop = () =>
		void running.stop().finally(() => {
			rmSync(dataDir, { recursive: true, force: true });
			process.exit(0);
		});
	process.on('SIGTERM', stop);
	process.on('disconnect', stop);
	return running.port;
}

const port = mode === 'bare' ? await bare() : await yoriai();
if (mode === 'bare') process.on('disconnect', () => process.exit(0));
process.stdout.write(`LISTENING ${port}\n`);
