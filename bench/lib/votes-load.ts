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
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../src/lib/shared/protocol.js';

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
}

export interface VotesResult {
	p50: number;
	p99: number;
	max: number;
	votes: number;
	/** Votes that reached every client of their meeting (the others are not in the latencies). */
	complete: number;
	delivered: number;
	refused: number;
	/** Server CPU time, all instances together, during the measured window. */
	cpuMicros: number;
}

const WARMUP_S = 2;
const QUESTIONS = 5;

/** The client count that fits the file-descriptor limit (each client holds a socket here and one in a server). */
export function clientsThatFit(clients: number, meetings: number): { clients: number; ulimit: number } {
	const ulimit = Number(spawnSync('sh', ['-c', 'ulimit -n']).stdout.toString().trim()) || 1024;
	const needed = clients * 2 + 200;
	if (needed <= ulimit) return { clients, ulimit };
	const fit = Math.floor((ulimit - 200) / 2 / meetings) * meetings;
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

/** One run of the load against fresh servers of `mode`. */
export async function runVotes(mode: VotesMode, load: VotesLoad): Promise<VotesResult> {
	const instances = load.instances ?? 1;
	const perMeeting = Math.floor(load.clients / load.meetings);
	const servers = await startServers(mode, instances, load.redisUrl);
	const sockets: Socket[] = [];
	try {
		const meetings = mode === 'yoriai' ? await setupYoriai(servers[0].url, load.meetings, perMeeting) : setupBare(load.meetings, perMeeting);
		// Receipts per meeting and sequence number: how many clients got it, and when the last one did.
		const receipts = meetings.map(() => new Map<number, { count: number; last: number }>());
		let delivered = 0;
		let measuring = false;
		for (const [mi, meeting] of meetings.entries()) {
			for (let i = 0; i < meeting.auths.length; i += 50) {
				const batch = meeting.auths.slice(i, i + 50).map((auth, j) => {
					const server = servers[(i + j) % instances];
					const s = io(server.url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true });
					// One batch may carry several commands' events (committed together): a receipt for each seq.
					s.on('events', (b: { fromSeq: number; seq: number }) => {
						const now = performance.now();
						for (let seq = b.fromSeq + 1; seq <= b.seq; seq++) {
							const r = receipts[mi].get(seq) ?? { count: 0, last: 0 };
							r.count++;
							r.last = now;
							receipts[mi].set(seq, r);
							if (measuring) delivered++;
						}
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
		const clientsOf = (mi: number) => sockets.slice(mi * perMeeting, (mi + 1) * perMeeting);
		const cpuAll = async () => (await Promise.all(servers.map((s) => s.cpu()))).reduce((a, c) => a + c.cpu, 0);
		const start = performance.now();
		let cpuStart = 0;
		const total = (WARMUP_S + load.seconds) * 1000;
		const interval = 1000 / load.rate;
		const pending: Promise<void>[] = [];
		let tick = 0;
		while (performance.now() - start < total) {
			const elapsed = performance.now() - start;
			if (!measuring && elapsed >= WARMUP_S * 1000) {
				measuring = true;
				cpuStart = await cpuAll();
			}
			for (const [mi, meeting] of meetings.entries()) {
				const who = Math.floor(Math.random() * perMeeting);
				const q = meeting.questionIds[Math.floor(Math.random() * QUESTIONS)];
				const key = `${mi}:${who}:${q}`;
				const type = voted.has(key) ? 'question.unvote' : 'question.vote';
				if (type === 'question.vote') voted.add(key);
				else voted.delete(key);
				const t0 = performance.now();
				const inWindow = measuring;
				pending.push(
					clientsOf(mi)
						[who].timeout(30_000)
						.emitWithAck('command', { type, questionId: q })
						.then(
							(reply: { ok: boolean; seq?: number }) => {
								if (!reply.ok) refused++;
								else if (inWindow) {
									sent[mi].set(reply.seq!, t0);
									votes++;
								}
							},
							() => void refused++
						)
				);
			}
			tick++;
			const wait = start + tick * interval - performance.now();
			if (wait > 0) await sleep(wait);
		}
		const cpuEnd = await cpuAll();
		measuring = false;
		await Promise.all(pending);
		await sleep(2000); // let the last broadcasts arrive

		const latencies: number[] = [];
		for (const [mi, map] of sent.entries())
			for (const [seq, t0] of map) {
				const r = receipts[mi].get(seq);
				if (r && r.count >= perMeeting) latencies.push(r.last - t0);
			}
		latencies.sort((a, b) => a - b);
		return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, votes, complete: latencies.length, delivered, refused, cpuMicros: cpuEnd - cpuStart };
	} finally {
		for (const s of sockets) s.disconnect();
		await Promise.all(servers.map((s) => s.stop()));
	}
}

/** One result as a line. */
export const votesRow = (name: string, r: VotesResult) =>
	`${name.padEnd(8)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  ` +
	`CPU/delivered ${(r.cpuMicros / Math.max(1, r.delivered)).toFixed(2).padStart(6)} µs  votes ${r.votes} (to everyone ${r.complete})  delivered ${r.delivered}  refused ${r.refused}`;

/** Medians of several runs. */
export const summary = (rs: VotesResult[]) => ({
	p50: median(rs.map((r) => r.p50)),
	p99: median(rs.map((r) => r.p99)),
	cpu: median(rs.map((r) => r.cpuMicros / Math.max(1, r.delivered)))
});
