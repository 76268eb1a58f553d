/**
 * Benchmark: upvotes in many meetings at once. N socket.io clients spread over M meetings; each
 * meeting receives votes at R per second (random member, random question, vote or take back). Measures
 * the latency from a vote being sent to EVERY client of that meeting having received the update
 * (p50/p99), and the server's CPU time per delivered event (process.cpuUsage of the server process).
 * The same load runs in the same invocation against a bare socket.io server that only broadcasts the
 * same events (no validation, no persistence, no redaction), and the ratios are printed.
 *
 *   npx tsx bench/votes.ts                 # 1,000 clients, 10 meetings, 20 votes/s per meeting, 20 s
 *   BENCH_QUICK=1 npx tsx bench/votes.ts   # 100 clients, 2 meetings, 8 s
 *   BENCH_CLIENTS=500 BENCH_MEETINGS=5 BENCH_RATE=20 BENCH_SECONDS=15 npx tsx bench/votes.ts
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../src/lib/shared/protocol.js';

const quick = process.env.BENCH_QUICK === '1';
const env = (name: string, full: number, small: number) => Number(process.env[name] ?? (quick ? small : full));
let CLIENTS = env('BENCH_CLIENTS', 1000, 100);
const MEETINGS = env('BENCH_MEETINGS', 10, 2);
const RATE = env('BENCH_RATE', 20, 20);
const SECONDS = env('BENCH_SECONDS', 20, 8);
const WARMUP_S = 2;
const QUESTIONS = 5;

// Each client holds one socket here and one in the server: check the file-descriptor limit first.
const ulimit = Number(spawnSync('sh', ['-c', 'ulimit -n']).stdout.toString().trim()) || 1024;
const needed = CLIENTS * 2 + 200;
if (needed > ulimit) {
	const fit = Math.floor((ulimit - 200) / 2 / MEETINGS) * MEETINGS;
	console.log(`ulimit -n is ${ulimit}: ${CLIENTS} clients need about ${needed} descriptors; using ${fit} clients instead`);
	CLIENTS = fit;
}
const PER_MEETING = Math.floor(CLIENTS / MEETINGS);

interface ServerProc {
	url: string;
	child: ChildProcess;
	cpu(): Promise<NodeJS.CpuUsage>;
	stop(): Promise<void>;
}

async function startServer(mode: 'yoriai' | 'bare'): Promise<ServerProc> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/votes-server.ts', mode], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
	const port = await new Promise<number>((resolve, reject) => {
		let buf = '';
		child.stdout!.on('data', (c: Buffer) => {
			buf += c.toString();
			const m = /LISTENING (\d+)/.exec(buf);
			if (m) resolve(Number(m[1]));
		});
		child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		child,
		cpu: () =>
			new Promise((resolve) => {
				const on = (msg: { type?: string; usage?: NodeJS.CpuUsage }) => {
					if (msg.type !== 'cpu') return;
					child.off('message', on);
					resolve(msg.usage!);
				};
				child.on('message', on);
				child.send({ type: 'cpu' });
			}),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** POSTs JSON; setup traffic that hits a rate limit waits and tries again (limits are per sender). */
async function post(url: string, path: string, body: unknown, token?: string): Promise<any> {
	for (;;) {
		const res = await send(url, path, body, token);
		if (res.status !== 429) return res.json;
		await sleep(500);
	}
}

async function send(url: string, path: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
	const res = await fetch(url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body)
	});
	const json = await res.json();
	if (res.status !== 429 && (!res.ok || json.ok === false)) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
	return { status: res.status, json };
}

interface Meeting {
	id: string;
	questionIds: string[];
	/** Auth per client (tokens for Yoriai). */
	auths: Record<string, unknown>[];
}

/** Yoriai: real meetings, members joined through links, questions asked through the API. */
async function setupYoriai(url: string): Promise<Meeting[]> {
	const meetings: Meeting[] = [];
	for (let m = 0; m < MEETINGS; m++) {
		const created = await post(url, '/api/v1/meetings', { title: `ベンチ会議${m + 1}`, startsAt: '2021-06-04T14:00:00+09:00' });
		const cmd = (body: unknown, token: string) => post(url, `/api/v1/meetings/${created.id}/commands`, body, token);
		const tokens: string[] = [];
		let linkToken = '';
		for (let i = 0; i < PER_MEETING; i++) {
			if (i % 50 === 0) linkToken = (await cmd({ type: 'link.create', role: 'participant' }, created.organiserToken)).result.token;
			tokens.push((await cmd({ type: 'member.join', name: `参加者${i + 1}` }, linkToken)).result.token);
		}
		const questionIds: string[] = [];
		for (let q = 0; q < QUESTIONS; q++) questionIds.push((await cmd({ type: 'question.ask', text: `ベンチ用の質問${q + 1}` }, tokens[q])).result.id);
		meetings.push({ id: created.id, questionIds, auths: tokens.map((token) => ({ meetingId: created.id, token, protocol: PROTOCOL_VERSION })) });
	}
	return meetings;
}

function setupBare(): Meeting[] {
	return Array.from({ length: MEETINGS }, (_, m) => ({
		id: `bare${m}`,
		questionIds: Array.from({ length: QUESTIONS }, (_, q) => `q${q}`),
		auths: Array.from({ length: PER_MEETING }, () => ({ meetingId: `bare${m}` }))
	}));
}

interface Result {
	p50: number;
	p99: number;
	max: number;
	votes: number;
	delivered: number;
	refused: number;
	cpuMicros: number;
}

function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function run(mode: 'yoriai' | 'bare'): Promise<Result> {
	const server = await startServer(mode);
	const sockets: Socket[] = [];
	try {
		const meetings = mode === 'yoriai' ? await setupYoriai(server.url) : setupBare();
		// Receipts per meeting and sequence number: how many clients got it, and when the last one did.
		const receipts = meetings.map(() => new Map<number, { count: number; last: number }>());
		let delivered = 0;
		let measuring = false;
		for (const [mi, meeting] of meetings.entries()) {
			for (let i = 0; i < meeting.auths.length; i += 50) {
				const batch = meeting.auths.slice(i, i + 50).map((auth) => {
					const s = io(server.url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true });
					s.on('events', (b: { seq: number }) => {
						const now = performance.now();
						const r = receipts[mi].get(b.seq) ?? { count: 0, last: 0 };
						r.count++;
						r.last = now;
						receipts[mi].set(b.seq, r);
						if (measuring) delivered++;
					});
					sockets.push(s);
					return new Promise<void>((resolve, reject) => {
						s.once('connect', () => resolve());
						s.once('connect_error', (e) => reject(e));
					});
				});
				await Promise.all(batch);
			}
		}
		await sleep(1000);

		// Send votes: R per second per meeting, each from a random member, toggling their own vote.
		const sent = meetings.map(() => new Map<number, number>());
		const voted = new Set<string>();
		let refused = 0;
		let votes = 0;
		const clientsOf = (mi: number) => sockets.slice(mi * PER_MEETING, (mi + 1) * PER_MEETING);
		const start = performance.now();
		let cpuStart: NodeJS.CpuUsage | null = null;
		let cpuEnd: NodeJS.CpuUsage | null = null;
		const total = (WARMUP_S + SECONDS) * 1000;
		const interval = 1000 / RATE;
		const pending: Promise<void>[] = [];
		let tick = 0;
		while (performance.now() - start < total) {
			const elapsed = performance.now() - start;
			if (!measuring && elapsed >= WARMUP_S * 1000) {
				measuring = true;
				cpuStart = await server.cpu();
			}
			for (const [mi, meeting] of meetings.entries()) {
				const who = Math.floor(Math.random() * PER_MEETING);
				const q = meeting.questionIds[Math.floor(Math.random() * QUESTIONS)];
				const key = `${mi}:${who}:${q}`;
				const type = voted.has(key) ? 'question.unvote' : 'question.vote';
				if (type === 'question.vote') voted.add(key);
				else voted.delete(key);
				const t0 = performance.now();
				const inWindow = measuring;
				pending.push(
					clientsOf(mi)[who]
						.timeout(30_000)
						.emitWithAck('command', { type, questionId: q })
						.then((reply: { ok: boolean; seq?: number }) => {
							if (!reply.ok) refused++;
							else if (inWindow) {
								sent[mi].set(reply.seq!, t0);
								votes++;
							}
						}, () => void refused++)
				);
			}
			tick++;
			const next = start + tick * interval;
			const wait = next - performance.now();
			if (wait > 0) await sleep(wait);
		}
		cpuEnd = await server.cpu();
		measuring = false;
		await Promise.all(pending);
		await sleep(2000); // let the last broadcasts arrive

		const latencies: number[] = [];
		for (const [mi, map] of sent.entries())
			for (const [seq, t0] of map) {
				const r = receipts[mi].get(seq);
				if (r && r.count >= PER_MEETING) latencies.push(r.last - t0);
			}
		latencies.sort((a, b) => a - b);
		const cpu = cpuStart && cpuEnd ? cpuEnd.user - cpuStart.user + (cpuEnd.system - cpuStart.system) : 0;
		return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, votes, delivered, refused, cpuMicros: cpu };
	} finally {
		for (const s of sockets) s.disconnect();
		await server.stop();
	}
}

const ROUNDS = env('BENCH_ROUNDS', 3, 1);
console.log(
	`votes benchmark: ${PER_MEETING * MEETINGS} clients in ${MEETINGS} meetings, ${RATE} votes/s per meeting, ${SECONDS} s (+${WARMUP_S} s warm-up), ` +
		`${ROUNDS} round(s) alternating bare and yoriai; ulimit -n ${ulimit}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`
);
const row = (name: string, r: Result) =>
	`${name.padEnd(8)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  ` +
	`CPU/delivered ${(r.cpuMicros / Math.max(1, r.delivered)).toFixed(2).padStart(6)} µs  votes ${r.votes}  delivered ${r.delivered}  refused ${r.refused}`;
const results: { bare: Result[]; yoriai: Result[] } = { bare: [], yoriai: [] };
for (let round = 1; round <= ROUNDS; round++) {
	for (const mode of ['bare', 'yoriai'] as const) {
		const r = await run(mode);
		results[mode].push(r);
		console.log(`round ${round} ${row(mode, r)}`);
		await sleep(1000);
	}
}
const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const summary = (rs: Result[]) => ({
	p50: median(rs.map((r) => r.p50)),
	p99: median(rs.map((r) => r.p99)),
	cpu: median(rs.map((r) => r.cpuMicros / Math.max(1, r.delivered)))
});
const b = summary(results.bare);
const y = summary(results.yoriai);
console.log(`median   bare   p50 ${b.p50.toFixed(1)} ms  p99 ${b.p99.toFixed(1)} ms  CPU/delivered ${b.cpu.toFixed(2)} µs`);
console.log(`median   yoriai p50 ${y.p50.toFixed(1)} ms  p99 ${y.p99.toFixed(1)} ms  CPU/delivered ${y.cpu.toFixed(2)} µs`);
console.log(`ratio    p50 ${(y.p50 / b.p50).toFixed(2)}×  p99 ${(y.p99 / b.p99).toFixed(2)}× (target ≤ 1.3×)  CPU/delivered ${(y.cpu / b.cpu).toFixed(2)}×`);
console.log(`load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('(latency is measured in this one client process, which also parses every delivered event: with many clients it dominates the tail)');
process.exit(0);
