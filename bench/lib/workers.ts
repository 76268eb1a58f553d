/**
 * Load-generator worker processes: one benchmark's clients spread over several processes, so no
 * single client process (parsing every delivered message) sets the tail it measures. Every process
 * on the machine shares one clock (`clock`: CLOCK_MONOTONIC through process.hrtime), so a vote sent
 * in one worker and received in another is timed correctly. A worker answers each request
 * (`{ id, type, … }`) with `{ id, reply }`; receipts from several workers merge by key (counts add,
 * the latest arrival wins). Workers run at a lower priority (nice 10) than the servers they load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { Socket } from 'socket.io-client';
import { fileURLToPath } from 'node:url';

/** Milliseconds on the machine-wide monotonic clock (comparable between processes). */
export const clock = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Per key (a vote's meeting and seq, a keystroke's room and number): how many clients got it and when the last one did. */
export type Receipts = Map<string, { count: number; last: number }>;

let lastArrival = 0;

/**
 * Waits until nothing has arrived for `ms` (at most 30 s): late deliveries are counted, and only
 * what never comes counts as lost.
 */
export async function quiet(ms: number): Promise<void> {
	const cap = clock() + 30_000;
	while (clock() < cap && clock() - lastArrival < ms) await sleepUntil(Math.min(cap, lastArrival + ms));
}

/** Counts one arrival of `key` at `at`. */
export function receive(receipts: Receipts, key: string, at: number): void {
	lastArrival = at;
	const r = receipts.get(key);
	if (r) {
		r.count++;
		r.last = at;
	} else receipts.set(key, { count: 1, last: at });
}

/** Merges receipts sent by workers (as `[key, count, last]` rows). */
export function mergeReceipts(parts: [string, number, number][][]): Receipts {
	const out: Receipts = new Map();
	for (const rows of parts)
		for (const [key, count, last] of rows) {
			const r = out.get(key);
			if (r) {
				r.count += count;
				r.last = Math.max(r.last, last);
			} else out.set(key, { count, last });
		}
	return out;
}

/** Receipts as rows for IPC. */
export const receiptRows = (r: Receipts): [string, number, number][] => [...r].map(([k, v]) => [k, v.count, v.last]);

export interface Worker {
	child: ChildProcess;
	/** Sends a request and resolves with the worker's reply. */
	call<T>(type: string, body?: Record<string, unknown>): Promise<T>;
	stop(): Promise<void>;
}

/** Forks `n` workers running `script` (a module that calls `serveWorker`). */
export function startWorkers(script: string, n: number): Worker[] {
	return Array.from({ length: n }, () => {
		const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		// The clients stand for people's own computers: on this shared machine they must not take the
		// servers' CPU time (the same for every side). BENCH_GENERATOR_NICE=0 turns this off.
		try {
			setPriority(child.pid!, Number(process.env.BENCH_GENERATOR_NICE ?? 10));
		} catch {
			/* not permitted: they run at normal priority */
		}
		let next = 0;
		const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
		child.on('message', (m: { id: number; reply?: unknown; error?: string }) => {
			const w = waiting.get(m.id);
			if (!w) return;
			waiting.delete(m.id);
			if (m.error) w.reject(new Error(m.error));
			else w.resolve(m.reply);
		});
		child.once('exit', (code) => {
			for (const w of waiting.values()) w.reject(new Error(`load worker exited with ${code}`));
			waiting.clear();
		});
		return {
			child,
			call: <T>(type: string, body: Record<string, unknown> = {}) =>
				new Promise<T>((resolve, reject) => {
					const id = next++;
					waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
					child.send({ id, type, ...body });
				}),
			stop: () =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null) return resolve();
					child.once('exit', () => resolve());
					child.kill('SIGTERM');
				})
		};
	});
}

/** In a worker: answers each request with `handlers[type](request)`; exits when the parent goes. */
export function serveWorker(handlers: Record<string, (msg: any) => Promise<unknown>>): void {
	process.on('disconnect', () => process.exit(0));
	process.on('message', (msg: { id: number; type: string }) => {
		const h = handlers[msg.type];
		if (!h) return void process.send?.({ id: msg.id, error: `no handler for ${msg.type}` });
		h(msg).then(
			(reply) => process.send?.({ id: msg.id, reply }),
			(err: Error) => process.send?.({ id: msg.id, error: err?.stack ?? String(err) })
		);
	});
}

/** CPU time this process has used (µs). */
export const ownCpu = (): number => {
	const u = process.cpuUsage();
	return u.user + u.system;
};

/** Sleeps until `at` on `clock`. */
export const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - clock())));

/**
 * How votes (and keystrokes) arrive: `lockstep` (the default, the harness the figures were
 * taken with) sends every meeting's vote of an interval at the same instant, a burst per interval;
 * `staggered` spreads them evenly over the interval, as independent meetings vote — a steady load
 * where each vote's own cost shows instead of the queue behind a burst. BENCH_ARRIVALS picks one.
 */
export type Arrivals = 'staggered' | 'lockstep';

/** The arrivals BENCH_ARRIVALS asks for (`lockstep` unless it says `staggered`). */
export const arrivalsFromEnv = (): Arrivals => (process.env.BENCH_ARRIVALS === 'staggered' ? 'staggered' : 'lockstep');

/** What every worker's `run` answers besides what it sent. */
export interface WorkerTotals {
	receipts: [string, number, number][];
	delivered: number;
	/** Votes refused, and votes that got no answer. */
	refused: number;
	failed: number;
	/** CPU time in the measured window (µs) and event-loop delay p99 (ms). */
	cpu: number;
	loopP99: number;
}

/**
 * Sends votes: each toggles its sender's vote on the question (vote, then take back), and counts
 * refusals and unanswered ones; `sent` gets the answer's seq with the sending time.
 */
export class Voter {
	private voted = new Set<string>();
	private pending: Promise<void>[] = [];
	refused = 0;
	failed = 0;

	/** `who` names the sender (unique per socket), `sent` is called for a vote that was taken. */
	vote(socket: Socket, who: string, questionId: string, sent: (seq: number, t0: number) => void): void {
		const key = `${who}:${questionId}`;
		const type = this.voted.has(key) ? 'question.unvote' : 'question.vote';
		if (type === 'question.vote') this.voted.add(key);
		else this.voted.delete(key);
		const t0 = clock();
		this.pending.push(
			socket
				.timeout(30_000)
				.emitWithAck('command', { type, questionId })
				.then(
					(reply: { ok: boolean; seq?: number }) => {
						if (!reply.ok) this.refused++;
						else sent(reply.seq!, t0);
					},
					() => void this.failed++
				)
		);
	}

	/** Resolves once every vote sent has its answer (or timed out). */
	settled(): Promise<unknown> {
		return Promise.all(this.pending);
	}
}
