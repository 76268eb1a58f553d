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
 * @y/websocket-server (boards and presence), each its own process. Board connections of a room use
 * its facilitator link (the server admits, relays and re-checks them like anyone's). Rounds
 * interleave; medians; the load average beside each.
 *
 *   npx tsx bench/meeting-300.ts               # 300 people, 30 rooms, 15 s, 2 rounds
 *   BENCH_QUICK=1 npx tsx bench/meeting-300.ts  # 60 people, 6 rooms, 6 s, 1 round
 */
import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PROTOCOL_VERSION } from '../src/lib/shared/protocol.js';
import { startRedis } from '../tests/helpers/redis-server.js';
import { startBoardServer } from './lib/board-servers.js';
import { cpuOf, joinMembers, median, percentile, post, profile, startServers } from './lib/votes-load.js';

const quick = process.env.BENCH_QUICK === '1';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? (quick ? 60 : 300));
const ROOMS = Number(process.env.BENCH_ROOMS ?? (quick ? 6 : 30));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 6 : 15));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2));
const VOTES_PER_S = Number(process.env.BENCH_VOTES ?? 20);
const EDIT_MS = 250;
const CURSOR_MS = 3000;
const PER_ROOM = Math.floor(PEOPLE / ROOMS);
const WARMUP_MS = 2000;
const cpuNow = () => {
	const u = process.cpuUsage();
	return u.user + u.system;
};
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
	/** Server CPU time (all server processes) during the measured window, µs. */
	cpuMicros: number;
	/** This load generator's CPU time in the window, µs. */
	clientCpuMicros: number;
	/** Worst event-loop delay p99 among the server processes in the window, and this generator's (ms). */
	serverLoopP99: number;
	clientLoopP99: number;
}

/** A server process of the run, by a name for its profile. */
type Proc = { name: string; child: ChildProcess };

/** Drives `setup`; `procs` are the run's server processes (CPU, event-loop delay and, with BENCH_PROF, profiles of the window). */
async function drive(setup: Setup, procs: Proc[]): Promise<Result> {
	const cpu = async () => {
		const rs = await Promise.all(procs.map((p) => cpuOf(p.child)));
		return { cpu: rs.reduce((a, r) => a + r.cpu, 0), loop: Math.max(...rs.map((r) => r.loop.p99)) };
	};
	const clientLoop = monitorEventLoopDelay({ resolution: 5 });
	const sockets: Socket[] = [];
	const providers: WebsocketProvider[] = [];
	const voteSeen = new Map<number, { count: number; last: number }>();
	let measuring = false;
	let delivered = 0;
	try {
		for (let i = 0; i < setup.members.length; i += 50) {
			await Promise.all(
				setup.members.slice(i, i + 50).map(({ url, auth }) => {
					const s = io(url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true });
					// One batch may carry several commands' events (committed together): a receipt for each seq.
					s.on('events', (b: { fromSeq: number; seq: number }) => {
						for (let seq = b.fromSeq + 1; seq <= b.seq; seq++) {
							if (measuring) delivered++;
							const r = voteSeen.get(seq) ?? { count: 0, last: 0 };
							r.count++;
							r.last = performance.now();
							voteSeen.set(seq, r);
						}
					});
					sockets.push(s);
					return new Promise<void>((resolve, reject) => {
						s.once('connect', () => resolve());
						s.once('connect_error', reject);
					});
				})
			);
		}
		// Boards: each room's people, the first of whom types. Edits carry their number: ⟦room:n⟧.
		const editSent = new Map<string, number>();
		const editSeen = new Map<string, { count: number; last: number }>();
		for (const [r, people] of setup.boards.entries()) {
			const opened = people.map((b, k) => {
				const p = new WebsocketProvider(b.url, b.room, new Y.Doc(), { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: b.params, disableBc: true });
				p.awareness.setLocalStateField('user', { name: `参加者${r}-${k}`, color: '#1d4e89' });
				providers.push(p);
				if (k > 0) {
					const text = p.doc.getText('text');
					const seen = new Set<string>();
					text.observe((ev) => {
						const now = performance.now();
						for (const d of ev.delta) {
							if (typeof d.insert !== 'string') continue;
							for (const m of d.insert.matchAll(/⟦(\d+:\d+)⟧/g)) {
								if (seen.has(m[1])) continue;
								seen.add(m[1]);
								if (measuring) delivered++;
								const e = editSeen.get(m[1]) ?? { count: 0, last: 0 };
								e.count++;
								e.last = now;
								editSeen.set(m[1], e);
							}
						}
					});
				}
				return new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));
			});
			await Promise.all(opened);
		}
		await sleep(1000);

		const start = performance.now();
		const end = start + WARMUP_MS + SECONDS * 1000;
		const measured = (t: number) => t >= start + WARMUP_MS;
		const voteSent = new Map<number, number>();
		const voted = new Set<string>();
		const pending: Promise<unknown>[] = [];
		const timers: NodeJS.Timeout[] = [];
		// Facilitators type, staggered; everyone moves a cursor now and then.
		for (let r = 0; r < setup.boards.length; r++) {
			const writer = providers[r * PER_ROOM];
			let n = 0;
			timers.push(
				setInterval(() => {
					const t = performance.now();
					const key = `${r}:${n++}`;
					if (measured(t)) editSent.set(key, t);
					const text = writer.doc.getText('text');
					text.insert(text.length, `\n● 意見 ⟦${key}⟧`);
				}, EDIT_MS)
			);
		}
		timers.push(
			setInterval(() => {
				const batch = Math.ceil(providers.length / (CURSOR_MS / 100));
				for (let i = 0; i < batch; i++) providers[Math.floor(Math.random() * providers.length)].awareness.setLocalStateField('cursor', { at: Math.random() });
			}, 100)
		);
		let tick = 0;
		let cpuStart = 0;
		let clientCpuStart = 0;
		while (performance.now() < end) {
			if (!measuring && measured(performance.now())) {
				measuring = true;
				cpuStart = (await cpu()).cpu;
				clientCpuStart = cpuNow();
				clientLoop.enable();
				await Promise.all(procs.map((p) => profile(p.child, 'start', p.name)));
			}
			const who = Math.floor(Math.random() * sockets.length);
			const q = setup.questionIds[Math.floor(Math.random() * setup.questionIds.length)];
			const key = `${who}:${q}`;
			const type = voted.has(key) ? 'question.unvote' : 'question.vote';
			if (type === 'question.vote') voted.add(key);
			else voted.delete(key);
			const t0 = performance.now();
			pending.push(
				sockets[who]
					.timeout(30_000)
					.emitWithAck('command', { type, questionId: q })
					.then((reply: { ok: boolean; seq?: number }) => {
						if (reply.ok && measured(t0)) voteSent.set(reply.seq!, t0);
					}, () => undefined)
			);
			tick++;
			const wait = start + (tick * 1000) / VOTES_PER_S - performance.now();
			if (wait > 0) await sleep(wait);
		}
		for (const t of timers) clearInterval(t);
		const after = await cpu();
		const cpuMicros = after.cpu - cpuStart;
		const clientCpuMicros = cpuNow() - clientCpuStart;
		clientLoop.disable();
		await Promise.all(procs.map((p) => profile(p.child, 'stop', p.name)));
		measuring = false;
		await Promise.all(pending);
		await sleep(2000);
		const lat = (sent: Map<string | number, number>, seen: Map<string | number, { count: number; last: number }>, everyone: number) => {
			const xs: number[] = [];
			for (const [k, t0] of sent) {
				const s = seen.get(k);
				if (s && s.count >= everyone) xs.push(s.last - t0);
			}
			xs.sort((a, b) => a - b);
			return { p50: percentile(xs, 50), p99: percentile(xs, 99), complete: xs.length, sent: sent.size };
		};
		return {
			votes: lat(voteSent as Map<string | number, number>, voteSeen as Map<string | number, { count: number; last: number }>, sockets.length),
			edits: lat(editSent as Map<string | number, number>, editSeen as Map<string | number, { count: number; last: number }>, PER_ROOM - 1),
			delivered,
			cpuMicros,
			clientCpuMicros,
			serverLoopP99: after.loop,
			clientLoopP99: clientLoop.percentile(99) / 1e6
		};
	} finally {
		for (const s of sockets) s.disconnect();
		for (const p of providers) p.destroy();
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
		`${SECONDS} s (+2 s warm-up), ${ROUNDS} round(s); load average ${load()} on ${cpus().length} cores`
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
					`event-loop delay p99 server ${r.serverLoopP99.toFixed(0)} ms / load generator ${r.clientLoopP99.toFixed(0)} ms, load generator CPU ${(r.clientCpuMicros / 1e6 / SECONDS * 100).toFixed(0)} % of a core  (load ${load()})`);
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
