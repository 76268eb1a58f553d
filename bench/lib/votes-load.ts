/**
 * The votes load, shared by bench/votes.ts (one instance) and bench/scale-out.ts (two on one Redis):
 * N socket.io clients spread over M meetings (and over the instances, in turn); each meeting receives
 * votes at R per second (random member, random question, vote or take back). Measures the latency
 * from a vote being sent to EVERY client of that meeting having received it, wherever that client is
 * connected (p50/p99), and the servers' CPU time per delivered event. `mode` picks Yoriai or the bare
 * socket.io peer (bench/lib/votes-server.ts), started fresh for each run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROTOCOL_VERSION } from '../../src/lib/shared/protocol.js';
import type { FanOut } from './probe.js';
import { arrivalsFromEnv, clock, mergeReceipts, sleepUntil, startWorkers, type Arrivals, type WorkerTotals } from './workers.js';


export type VotesMode = 'yoriai' | 'bare';

export interface VotesLoad {
	clients: number;
	meetings: number;
	/** Votes per second per meeting. */
	rate: number;
	seconds: number;
	/** Server processes; more than one needs `redisUrl`. */
	instances?: number;
	redisUrl?: string;
	/** How votes arrive across the meetings (default: BENCH_ARRIVALS, else lockstep). */
	arrivals?: Arrivals;
}

export interface VotesResult {
	p50: number;
	p99: number;
	max: number;
	/**
	 * The server side of the same votes: from sending to the last instance having written the vote to
	 * its sockets (bench/lib/probe.ts), without the receiving clients' own delay in reading it.
	 */
	serverP50: number;
	serverP99: number;
	votes: number;
	/** Votes that reached every client of their meeting (the others are not in the latencies). */
	complete: number;
	delivered: number;
	refused: number;
	/** Commands that got no answer (timed out). */
	failed: number;
	/** Server CPU time, all instances together, during the measured window. */
	cpuMicros: number;
	/** The load generators' CPU time in the window (µs), their worst event-loop delay p99 (ms), how many. */
	generatorCpuMicros: number;
	generatorLoopP99: number;
	workers: number;
	seconds: number;
}

const WARMUP_S = 2;
const QUESTIONS = 5;

/** The client count that fits the file-descriptor limit (one server process may hold every client's socket). */
export function clientsThatFit(clients: number, meetings: number): { clients: number; ulimit: number } {
	const ulimit = Number(spawnSync('sh', ['-c', 'ulimit -n']).stdout.toString().trim()) || 1024;
	const needed = clients + 200;
	if (needed <= ulimit) return { clients, ulimit };
	const fit = Math.floor((ulimit - 200) / meetings) * meetings;
	console.log(`ulimit -n is ${ulimit}: ${clients} clients need about ${needed} descriptors; using ${fit} clients instead`);
	return { clients: fit, ulimit };
}

/** What a server process reports (bench/lib/probe.ts): CPU time used so far (µs) and its event loop's delay since the last ask (ms). */
export interface ProbeReport {
	cpu: number;
	loop: { p99: number; max: number };
}

/** Asks a child running bench/lib/probe.ts for its CPU time and event-loop delay. */
export function cpuOf(child: ChildProcess): Promise<ProbeReport> {
	return new Promise((resolve) => {
		const on = (msg: { type?: string; usage?: NodeJS.CpuUsage; loop?: { p99: number; max: number } }) => {
			if (msg?.type !== 'cpu') return;
			child.off('message', on);
			resolve({ cpu: msg.usage!.user + msg.usage!.system, loop: msg.loop! });
		};
		child.on('message', on);
		child.send({ type: 'cpu' });
	});
}

/** Asks a child running bench/lib/probe.ts when it wrote each meeting's batches (and forgets them). */
export function fanOutsOf(child: ChildProcess): Promise<FanOut[]> {
	return new Promise((resolve) => {
		const on = (msg: { type?: string; rows?: FanOut[] }) => {
			if (msg?.type !== 'fanouts') return;
			child.off('message', on);
			resolve(msg.rows ?? []);
		};
		child.on('message', on);
		child.send({ type: 'fanouts' });
	});
}

/** With BENCH_PROF=<dir>, a CPU profile of the measured window of each server process (`<dir>/<name>.cpuprofile`). */
export function profile(child: ChildProcess, action: 'start' | 'stop', name: string): Promise<void> {
	const dir = process.env.BENCH_PROF;
	if (!dir) return Promise.resolve();
	if (action === 'start') {
		child.send({ type: 'profile-start' });
		return Promise.resolve();
	}
	return new Promise((resolve) => {
		const on = (msg: { type?: string }) => {
			if (msg?.type !== 'profiled') return;
			child.off('message', on);
			resolve();
		};
		child.on('message', on);
		child.send({ type: 'profile-stop', path: `${dir}/${name}.cpuprofile` });
	});
}

export interface ServerProc {
	url: string;
	child: ChildProcess;
	/** CPU time used so far (µs) and event-loop delay since the last ask. */
	cpu(): Promise<ProbeReport>;
	stop(): Promise<void>;
}

async function startServer(mode: VotesMode, env: Record<string, string>): Promise<ServerProc> {
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/votes-server.ts', mode], {
		stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
		env: { ...process.env, ...env }
	});
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
		cpu: () => cpuOf(child),
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/** Starts `n` servers of one mode (on `redisUrl` when given). */
export async function startServers(mode: VotesMode, n: number, redisUrl?: string): Promise<ServerProc[]> {
	return Promise.all(
		Array.from({ length: n }, (_, i) =>
			startServer(mode, { BENCH_INSTANCE: String(i), BENCH_INSTANCES: String(n), ...(redisUrl ? { REDIS_URL: redisUrl } : {}) })
		)
	);
}

/** POSTs JSON; setup traffic that hits a rate limit waits and tries again (limits are per sender). */
export async function post(url: string, path: string, body: unknown, token?: string): Promise<any> {
	for (;;) {
		const res = await fetch(url + path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
			body: JSON.stringify(body)
		});
		const json = await res.json();
		if (res.status === 429) {
			await sleep(500);
			continue;
		}
		if (!res.ok || json.ok === false) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	}
}

/** Joins `n` members through participant links (a new link every 50, joins 25 at a time); answers their tokens. */
export async function joinMembers(cmd: (body: unknown, token: string) => Promise<any>, organiserToken: string, n: number): Promise<string[]> {
	const tokens: string[] = [];
	let linkToken = '';
	for (let i = 0; i < n; i += 25) {
		if (i % 50 === 0) linkToken = (await cmd({ type: 'link.create', role: 'participant' }, organiserToken)).result.token;
		const batch = await Promise.all(Array.from({ length: Math.min(25, n - i) }, (_, j) => cmd({ type: 'member.join', name: `参加者${i + j + 1}` }, linkToken)));
		tokens.push(...batch.map((r) => r.result.token as string));
	}
	return tokens;
}

interface Meeting {
	id: string;
	questionIds: string[];
	/** Auth per client (tokens for Yoriai). */
	auths: Record<string, unknown>[];
}

/** Yoriai: real meetings, members joined through links, questions asked through the API. */
async function setupYoriai(url: string, meetings: number, perMeeting: number): Promise<Meeting[]> {
	const out: Meeting[] = [];
	for (let m = 0; m < meetings; m++) {
		const created = await post(url, '/api/v1/meetings', { title: `ベンチ会議${m + 1}`, startsAt: '2021-06-04T14:00:00+09:00' });
		const cmd = (body: unknown, token: string) => post(url, `/api/v1/meetings/${created.id}/commands`, body, token);
		const tokens = await joinMembers(cmd, created.organiserToken, perMeeting);
		const questionIds: string[] = [];
		for (let q = 0; q < QUESTIONS; q++) questionIds.push((await cmd({ type: 'question.ask', text: `ベンチ用の質問${q + 1}` }, tokens[q])).result.id);
		out.push({ id: created.id, questionIds, auths: tokens.map((token) => ({ meetingId: created.id, token, protocol: PROTOCOL_VERSION })) });
	}
	return out;
}

function setupBare(meetings: number, perMeeting: number): Meeting[] {
	return Array.from({ length: meetings }, (_, m) => ({
		id: `bare${m}`,
		questionIds: Array.from({ length: QUESTIONS }, (_, q) => `q${q}`),
		auths: Array.from({ length: perMeeting }, () => ({ meetingId: `bare${m}` }))
	}));
}

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Load-generator processes: BENCH_WORKERS, else one per 250 clients (at least 2, at most 4). */
export const workersFor = (clients: number) => Number(process.env.BENCH_WORKERS ?? Math.min(4, Math.max(2, Math.ceil(clients / 250))));

/**
 * One run of the load against fresh servers of `mode`. The clients live in load-generator worker
 * processes (bench/lib/votes-worker.ts), each holding a contiguous share of every meeting (spread
 * over the instances in turn); meeting m's votes are sent by worker m mod W from its own clients.
 */
export async function runVotes(mode: VotesMode, load: VotesLoad): Promise<VotesResult> {
	const instances = load.instances ?? 1;
	const perMeeting = Math.floor(load.clients / load.meetings);
	const servers = await startServers(mode, instances, load.redisUrl);
	const W = workersFor(load.clients);
	const workers = startWorkers('./votes-worker.ts', W);
	try {
		const meetings = mode === 'yoriai' ? await setupYoriai(servers[0].url, load.meetings, perMeeting) : setupBare(load.meetings, perMeeting);
		const shares: { url: string; auth: Record<string, unknown>; meeting: number }[][] = workers.map(() => []);
		for (const [mi, meeting] of meetings.entries())
			for (const [i, auth] of meeting.auths.entries()) shares[Math.floor((i * W) / perMeeting)].push({ url: servers[i % instances].url, auth, meeting: mi });
		await Promise.all(workers.map((w, k) => w.call('connect', { clients: shares[k] })));
		await sleep(1000);

		const cpuAll = async () => (await Promise.all(servers.map((s) => s.cpu()))).reduce((a, c) => a + c.cpu, 0);
		const startAt = clock() + 500;
		const measureFrom = startAt + WARMUP_S * 1000;
		const end = measureFrom + load.seconds * 1000;
		const questions = Object.fromEntries(meetings.map((m, mi) => [mi, m.questionIds]));
		const runs = workers.map((w, k) =>
			w.call<WorkerRun>('run', {
				startAt,
				warmupMs: WARMUP_S * 1000,
				seconds: load.seconds,
				rate: load.rate,
				votesIn: meetings.map((_, mi) => mi).filter((mi) => mi % W === k),
				meetings: meetings.length,
				arrivals: load.arrivals ?? arrivalsFromEnv(),
				questions,
				drainMs: 3000
			})
		);
		await sleepUntil(measureFrom);
		const cpuStart = await cpuAll();
		await Promise.all(servers.map((s) => profile(s.child, 'start', `${mode}-${instances}x-${load.clients}-${s.url.split(':').pop()}`)));
		await sleepUntil(end);
		const cpuEnd = await cpuAll();
		await Promise.all(servers.map((s) => profile(s.child, 'stop', `${mode}-${instances}x-${load.clients}-${s.url.split(':').pop()}`)));
		const done = await Promise.all(runs);
		const written = writtenAt(meetings, (await Promise.all(servers.map((s) => fanOutsOf(s.child)))).flat());

		const receipts = mergeReceipts(done.map((d) => d.receipts));
		const latencies: number[] = [];
		for (const d of done)
			for (const [key, t0] of d.sent) {
				const r = receipts.get(key);
				if (r && r.count >= perMeeting) latencies.push(r.last - t0);
			}
		latencies.sort((a, b) => a - b);
		const serverSide = done.flatMap((d) => d.sent.flatMap(([key, t0]) => (written.has(key) ? [written.get(key)! - t0] : []))).sort((a, b) => a - b);
		const votes = done.reduce((a, d) => a + d.sent.length, 0);
		return {
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			max: latencies.at(-1) ?? NaN,
			serverP50: percentile(serverSide, 50),
			serverP99: percentile(serverSide, 99),
			votes,
			complete: latencies.length,
			delivered: done.reduce((a, d) => a + d.delivered, 0),
			refused: done.reduce((a, d) => a + d.refused, 0),
			failed: done.reduce((a, d) => a + d.failed, 0),
			cpuMicros: cpuEnd - cpuStart,
			generatorCpuMicros: done.reduce((a, d) => a + d.cpu, 0),
			generatorLoopP99: Math.max(...done.map((d) => d.loopP99)),
			workers: W,
			seconds: load.seconds
		};
	} finally {
		await Promise.all(workers.map((w) => w.call('close').catch(() => undefined)));
		await Promise.all(workers.map((w) => w.stop()));
		await Promise.all(servers.map((s) => s.stop()));
	}
}

/** Per vote (`<meeting index>:<seq>`): when the last server process wrote it to its sockets. */
function writtenAt(meetings: Meeting[], rows: FanOut[]): Map<string, number> {
	const index = new Map(meetings.map((m, mi) => [m.id, mi]));
	const at = new Map<string, number>();
	for (const [meetingId, fromSeq, seq, t] of rows) {
		const mi = index.get(meetingId);
		if (mi === undefined) continue;
		for (let n = fromSeq + 1; n <= seq; n++) at.set(`${mi}:${n}`, Math.max(at.get(`${mi}:${n}`) ?? 0, t));
	}
	return at;
}

interface WorkerRun extends WorkerTotals {
	sent: [string, number][];
}

/** True when every vote was answered and reached every client of its meeting: only then do two runs compare. */
export const lossless = (r: VotesResult) => r.refused === 0 && r.failed === 0 && r.votes > 0 && r.complete === r.votes;

/** One result as a line. */
export const votesRow = (name: string, r: VotesResult) =>
	`${name.padEnd(8)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  server side p50 ${r.serverP50.toFixed(1)} / p99 ${r.serverP99.toFixed(1)} ms  ` +
	`CPU/delivered ${(r.cpuMicros / Math.max(1, r.delivered)).toFixed(2).padStart(6)} µs  votes ${r.votes} (to everyone ${r.complete})  delivered ${r.delivered}  refused ${r.refused}  unanswered ${r.failed}  ` +
	`${lossless(r) ? 'every vote to every client' : `LOST: ${r.votes - r.complete} votes missed a client`}; ${r.workers} load generators at ${((r.generatorCpuMicros / 1e6 / r.seconds) * 100).toFixed(0)} % of a core, loop delay p99 ${r.generatorLoopP99.toFixed(0)} ms`;

/** Medians of several runs. */
export const summary = (rs: VotesResult[]) => ({
	lossless: rs.every(lossless),
	p50: median(rs.map((r) => r.p50)),
	p99: median(rs.map((r) => r.p99)),
	serverP50: median(rs.map((r) => r.serverP50)),
	serverP99: median(rs.map((r) => r.serverP99)),
	cpu: median(rs.map((r) => r.cpuMicros / Math.max(1, r.delivered)))
});
