/**
 * Benchmark: a 300-person meeting in 30 breakout rooms, all at once on one meeting. 300 members hold
 * the meeting's socket.io connection and vote (VOTES per second across the meeting, each from a random
 * member); every room's board is open by its 10 people (y-websocket, presence set, each moving their
 * cursor every few seconds) while its facilitator types (an edit every EDIT_MS). Measured: vote →
 * all 300 members have it, and keystroke → every other person in the room sees it (p50 / p99).
 *
 * Runs on one Yoriai instance, on two Yoriai instances sharing one Redis (started here; people and
 * boards alternate between the instances), and against the peer doing the same traffic on one
 * machine: a bare socket.io server (votes broadcast, no checks, no storage) and the reference
 * @y/websocket-server (boards and presence), each its own process. The people are held by several
 * load-generator processes (bench/lib/meeting-worker.ts, BENCH_WORKERS, default 3) timing on one
 * machine-wide clock, so no one client process sets the tail. Board connections of a room use
 * its facilitator link (the server admits, relays and re-checks them like anyone's). Rounds
 * interleave; medians; the load average beside each.
 *
 *   npx tsx bench/meeting-300.ts               # 300 people, 30 rooms, 15 s, 3 rounds
 *   BENCH_ARRIVALS=lockstep npx tsx bench/meeting-300.ts   # votes and keystrokes in bursts, as earlier runs sent them
 *   BENCH_QUICK=1 npx tsx bench/meeting-300.ts  # 60 people, 6 rooms, 6 s, 1 round
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROTOCOL_VERSION } from '../src/lib/shared/protocol.js';
import { startRedis } from '../tests/helpers/redis-server.js';
import { startBoardServer } from './lib/board-servers.js';
import type { MeetingShare } from './lib/meeting-worker.js';
import { cpuOf, joinMembers, median, percentile, post, profile, startServers } from './lib/votes-load.js';
import { arrivalsFromEnv, clock, mergeReceipts, sleepUntil, startWorkers, type WorkerTotals } from './lib/workers.js';

const quick = process.env.BENCH_QUICK === '1';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? (quick ? 60 : 300));
const ROOMS = Number(process.env.BENCH_ROOMS ?? (quick ? 6 : 30));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 6 : 15));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
const VOTES_PER_S = Number(process.env.BENCH_VOTES ?? 20);
const EDIT_MS = 250;
const CURSOR_MS = 3000;
const PER_ROOM = Math.floor(PEOPLE / ROOMS);
const WARMUP_MS = 2000;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
process.setMaxListeners(0);

/** Where the traffic goes: meeting sockets and boards, per person. */
interface Setup {
	/** Per member: the meeting server URL and the socket.io auth. */
	members: { url: string; auth: Record<string, unknown> }[];
	questionIds: string[];
	/** Per room: the board URL of each of its people (the first types), the room name and params. */
	boards: { url: string; room: string; params: Record<string, string> }[][];
}

async function setupYoriai(urls: string[]): Promise<Setup> {
	const at = (i: number) => urls[i % urls.length];
	const created = await post(urls[0], '/api/v1/meetings', { title: '全国会議（300人）', startsAt: '2021-06-04T14:00:00+09:00' });
	const id = created.id as string;
	const cmd = (body: unknown, token: string) => post(urls[0], `/api/v1/meetings/${id}/commands`, body, token);
	const roomIds: string[] = [];
	for (let r = 0; r < ROOMS; r++) roomIds.push((await cmd({ type: 'room.add', name: `分科会${r + 1}` }, created.organiserToken)).result.id);
	const tokens = await joinMembers(cmd, created.organiserToken, PEOPLE);
	const questionIds: string[] = [];
	for (let q = 0; q < 5; q++) questionIds.push((await cmd({ type: 'question.ask', text: `全体への質問${q + 1}` }, tokens[q])).result.id);
	const view = await (await fetch(`${urls[0]}/api/v1/meetings/${id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json();
	const facilitatorToken = (roomId: string) => {
		const [linkId] = Object.entries(view.state.links as Record<string, { role: string; roomId: string | null }>).find(([, l]) => l.role === 'facilitator' && l.roomId === roomId)!;
		return new URL(view.linkUrls[linkId]).pathname.split('/').pop()!;
	};
	return {
		members: tokens.map((token, i) => ({ url: at(i), auth: { meetingId: id, token, protocol: PROTOCOL_VERSION } })),
		questionIds,
		boards: roomIds.map((roomId, r) =>
			Array.from({ length: PER_ROOM }, (_, k) => ({
				url: `${at(r * PER_ROOM + k).replace('http', 'ws')}/yjs`,
				room: `${id}/room/${roomId}`,
				params: { token: facilitatorToken(roomId) }
			}))
		)
	};
}

function setupPeer(socketUrl: string, boardPort: number): Setup {
	return {
		members: Array.from({ length: PEOPLE }, () => ({ url: socketUrl, auth: { meetingId: 'bench' } })),
		questionIds: ['q0', 'q1', 'q2', 'q3', 'q4'],
		boards: Array.from({ length: ROOMS }, (_, r) => Array.from({ length: PER_ROOM }, () => ({ url: `ws://127.0.0.1:${boardPort}`, room: `room-${r}`, params: {} })))
	};
}

interface Result {
	votes: { p50: number; p99: number; complete: number; sent: number };
	edits: { p50: number; p99: number; complete: number; sent: number };
	/** Votes and keystrokes delivered to a client during the measured window. */
	delivered: number;
	/** Votes refused or unanswered. */
	refused: number;
	/** Server CPU time (all server processes) during the measured window, µs. */
	cpuMicros: number;
	/** The load generators' CPU time in the window, µs. */
	clientCpuMicros: number;
	/** Worst event-loop delay p99 among the server processes in the window, and among the load generators (ms). */
	serverLoopP99: number;
	clientLoopP99: number;
}

/** A server process of the run, by a name for its profile. */
type Proc = { name: string; child: ChildProcess };

/** Load-generator processes (BENCH_WORKERS, default 3). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 3);

interface WorkerRun extends WorkerTotals {
	sentVotes: [string, number][];
	sentEdits: [string, number][];
}

/**
 * Drives `setup` from WORKERS load-generator processes (bench/lib/meeting-worker.ts): members split
 * in contiguous shares, rooms dealt out whole (a keystroke and its readers in one process), votes
 * at an equal share of the rate each. `procs` are the run's server processes (CPU, event-loop delay
 * and, with BENCH_PROF, profiles of the measured window).
 */
async function drive(setup: Setup, procs: Proc[]): Promise<Result> {
	const cpu = async () => {
		const rs = await Promise.all(procs.map((p) => cpuOf(p.child)));
		return { cpu: rs.reduce((a, r) => a + r.cpu, 0), loop: Math.max(...rs.map((r) => r.loop.p99)) };
	};
	const workers = startWorkers('./meeting-worker.ts', WORKERS);
	try {
		const shares: MeetingShare[] = workers.map((_, k) => ({
			members: setup.members.filter((_, i) => Math.floor((i * WORKERS) / setup.members.length) === k),
			rooms: setup.boards.map((people, r) => ({ r, people })).filter(({ r }) => r % WORKERS === k)
		}));
		await Promise.all(workers.map((w, k) => w.call('connect', shares[k] as unknown as Record<string, unknown>)));
		await sleep(1000);
		const startAt = clock() + 500;
		const measureFrom = startAt + WARMUP_MS;
		const end = measureFrom + SECONDS * 1000;
		const arrivals = arrivalsFromEnv();
		const runs = workers.map((w, k) =>
			w.call<WorkerRun>('run', {
				startAt,
				warmupMs: WARMUP_MS,
				seconds: SECONDS,
				votesPerS: VOTES_PER_S / WORKERS,
				// Staggered: worker k's votes fall k/W into the meeting's interval, so the meeting's votes
				// come one at a time, evenly; lockstep sends the workers' votes at one instant.
				voteOffset: arrivals === 'staggered' ? k / WORKERS : 0,
				arrivals,
				questionIds: setup.questionIds,
				editMs: EDIT_MS,
				cursorMs: CURSOR_MS,
				drainMs: 3000
			})
		);
		await sleepUntil(measureFrom);
		const before = await cpu();
		await Promise.all(procs.map((p) => profile(p.child, 'start', p.name)));
		await sleepUntil(end);
		const after = await cpu();
		await Promise.all(procs.map((p) => profile(p.child, 'stop', p.name)));
		const done = await Promise.all(runs);
		const receipts = mergeReceipts(done.map((d) => d.receipts));
		const lat = (sent: [string, number][], everyone: number) => {
			const xs: number[] = [];
			for (const [k, t0] of sent) {
				const r = receipts.get(k);
				if (r && r.count >= everyone) xs.push(r.last - t0);
			}
			xs.sort((a, b) => a - b);
			return { p50: percentile(xs, 50), p99: percentile(xs, 99), complete: xs.length, sent: sent.length };
		};
		return {
			votes: lat(done.flatMap((d) => d.sentVotes), setup.members.length),
			edits: lat(done.flatMap((d) => d.sentEdits), PER_ROOM - 1),
			delivered: done.reduce((a, d) => a + d.delivered, 0),
			refused: done.reduce((a, d) => a + d.refused + d.failed, 0),
			cpuMicros: after.cpu - before.cpu,
			clientCpuMicros: done.reduce((a, d) => a + d.cpu, 0),
			serverLoopP99: after.loop,
			clientLoopP99: Math.max(...done.map((d) => d.loopP99))
		};
	} finally {
		await Promise.all(workers.map((w) => w.call('close').catch(() => undefined)));
		await Promise.all(workers.map((w) => w.stop()));
	}
}

async function runYoriai(instances: number, redisUrl?: string): Promise<Result> {
	const servers = await startServers('yoriai', instances, redisUrl);
	try {
		return await drive(await setupYoriai(servers.map((s) => s.url)), servers.map((s, i) => ({ name: `yoriai-${instances}-${i}`, child: s.child })));
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
	}
}

async function runPeer(): Promise<Result> {
	const [sockets] = await startServers('bare', 1);
	const boards = await startBoardServer('reference');
	try {
		return await drive(setupPeer(sockets.url, boards.port), [
			{ name: 'peer-socketio', child: sockets.child },
			{ name: 'peer-yjs', child: boards.child }
		]);
	} finally {
		await sockets.stop();
		boards.child.kill('SIGTERM');
		await new Promise((r) => boards.child.once('exit', r));
	}
}

const redis = await startRedis();
const names = ['peer (bare socket.io + @y/websocket-server)', 'yoriai, one instance', 'yoriai, two instances on Redis'] as const;
// BENCH_ONLY=peer,one (any of peer, one, two) runs only those.
const only = (process.env.BENCH_ONLY ?? 'peer,one,two').split(',');
const chosen = [0, 1, 2].filter((i) => only.includes(['peer', 'one', 'two'][i]));
const results = new Map<string, { r: Result; load: string }[]>(names.map((n) => [n, []]));
console.log(
	`300-person meeting: ${PER_ROOM * ROOMS} people in ${ROOMS} rooms, ${VOTES_PER_S} votes/s, a keystroke every ${EDIT_MS} ms per facilitator, cursors every ${CURSOR_MS / 1000} s, ` +
		`${SECONDS} s (+2 s warm-up), ${ROUNDS} round(s), ${arrivalsFromEnv()} arrivals; load average ${load()} on ${cpus().length} cores`
);
const fmt = (x: { p50: number; p99: number; complete: number; sent: number }) => `p50 ${x.p50.toFixed(1)} ms  p99 ${x.p99.toFixed(1)} ms (${x.complete}/${x.sent} to everyone)`;
const cpuPer = (r: Result) => r.cpuMicros / Math.max(1, r.delivered);
try {
	for (let round = 1; round <= ROUNDS; round++) {
		const order = round % 2 ? chosen : [...chosen].reverse();
		for (const i of order) {
			const r = i === 0 ? await runPeer() : i === 1 ? await runYoriai(1) : await runYoriai(2, redis.url);
			results.get(names[i])!.push({ r, load: load() });
			console.log(`round ${round} ${names[i]}: votes ${fmt(r.votes)}; keystrokes ${fmt(r.edits)}; server CPU per delivered ${cpuPer(r).toFixed(1)} µs (${r.delivered} delivered), ` +
					`event-loop delay p99 server ${r.serverLoopP99.toFixed(0)} ms / load generators ${r.clientLoopP99.toFixed(0)} ms, ${WORKERS} load generators at ${(r.clientCpuMicros / 1e6 / SECONDS * 100).toFixed(0)} % of a core` +
					`${r.refused ? `, ${r.refused} votes refused or unanswered` : ''}  (load ${load()})`);
			await sleep(1000);
		}
	}
	const med = (name: string, k: 'votes' | 'edits', p: 'p50' | 'p99') => median(results.get(name)!.map((x) => x.r[k][p]));
	const medCpu = (name: string) => median(results.get(name)!.map((x) => cpuPer(x.r)));
	const ran = chosen.map((i) => names[i]);
	console.log('medians:');
	for (const n of ran)
		console.log(
			`  ${n}: votes p50 ${med(n, 'votes', 'p50').toFixed(1)} / p99 ${med(n, 'votes', 'p99').toFixed(1)} ms, keystrokes p50 ${med(n, 'edits', 'p50').toFixed(1)} / p99 ${med(n, 'edits', 'p99').toFixed(1)} ms, ` +
				`server CPU per delivered ${medCpu(n).toFixed(1)} µs  (load ${results.get(n)!.map((x) => x.load).join(' / ')})`
		);
	if (ran.includes(names[0]))
		for (const n of ran.filter((x) => x !== names[0]))
			console.log(
				`ratio ${n} / peer: votes p99 ${(med(n, 'votes', 'p99') / med(names[0], 'votes', 'p99')).toFixed(2)}×, keystrokes p99 ${(med(n, 'edits', 'p99') / med(names[0], 'edits', 'p99')).toFixed(2)}×, ` +
					`CPU per delivered ${(medCpu(n) / medCpu(names[0])).toFixed(2)}×  (load ${load()})`
			);
	if (ran.includes(names[1]))
		console.log(`one instance: votes p99 ${med(names[1], 'votes', 'p99').toFixed(1)} ms — target ≤ 100 ms: ${med(names[1], 'votes', 'p99') <= 100 ? 'met' : 'not met'}  (load ${load()})`);
	console.log(`load average now ${load()}`);
} finally {
	await redis.stop();
}
process.exit(0);
