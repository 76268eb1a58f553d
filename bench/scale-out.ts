/**
 * Benchmark: scale-out. The votes load (bench/lib/votes-load.ts: clients spread over the instances in
 * turn, votes sent through whichever instance the voter is on, latency until every client of the
 * meeting has the vote) on two Yoriai instances sharing one Redis (its store, socket.io adapter and
 * board relay), against the peer doing the same work: two bare socket.io processes with
 * `@socket.io/redis-adapter` on the same Redis. The Redis server is started here (a fresh
 * redis-server on a free port). Rounds alternate peer and Yoriai; medians, ratios and the load
 * average beside each. Also one instance of each at the smaller N, to see whether two instances
 * carry twice the clients at the same p99.
 *
 * The clients live in several load-generator processes (bench/lib/votes-worker.ts). The vote rate is
 * one for all runs, set so the largest N gets BENCH_DELIVERIES (6,000) deliveries per second — a load
 * both sides deliver in full here — and a run that loses any delivery (a vote unanswered, or not
 * reaching every client) makes its comparison "not comparable" instead of a ratio.
 *
 *   npx tsx bench/scale-out.ts                # N = 1000 and 2000, 10 meetings (and 2000 in 20), 3 votes/s each, 12 s, 2 rounds
 *   BENCH_ARRIVALS=lockstep npx tsx bench/scale-out.ts   # every meeting's vote at the same instant
 *   BENCH_QUICK=1 npx tsx bench/scale-out.ts   # N = 100 and 200, 5 s, 1 round
 *   BENCH_SIZES=1000 BENCH_ROUNDS=1 npx tsx bench/scale-out.ts
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { startRedis } from '../tests/helpers/redis-server.js';
import { clientsThatFit, lossless, runVotes, summary, votesRow, workersFor, type VotesMode, type VotesResult } from './lib/votes-load.js';
import { arrivalsFromEnv } from './lib/workers.js';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = (process.env.BENCH_SIZES ?? (quick ? '100,200' : '1000,2000')).split(',').map(Number);
const MEETINGS = Number(process.env.BENCH_MEETINGS ?? (quick ? 2 : 10));
// One vote rate for every run, chosen so the largest N means BENCH_DELIVERIES deliveries per second in
// all (votes × clients per meeting): a load both sides deliver in full on this machine, load generators included.
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 6000);
const RATE = Number(process.env.BENCH_RATE ?? Math.min(20, Math.max(1, Math.round(DELIVERIES / Math.max(...SIZES)))));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 12));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2));
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const redis = await startRedis();
const flush = async () => {
	const c = createClient({ url: redis.url });
	await c.connect();
	await c.flushAll();
	await c.close();
};

interface Cell {
	mode: VotesMode;
	instances: number;
	clients: number;
	meetings: number;
	runs: VotesResult[];
	loads: string[];
}
const cells: Cell[] = [];
const cell = (mode: VotesMode, instances: number, clients: number, meetings: number) => {
	let c = cells.find((x) => x.mode === mode && x.instances === instances && x.clients === clients && x.meetings === meetings);
	if (!c) cells.push((c = { mode, instances, clients, meetings, runs: [], loads: [] }));
	return c;
};

console.log(
	`scale-out benchmark: N = ${SIZES.join(', ')} clients in ${MEETINGS} meetings, ${RATE} votes/s per meeting, ${SECONDS} s (+2 s warm-up), ${ROUNDS} round(s), votes ${arrivalsFromEnv()}; ` +
		`load generators: ${SIZES.map((n) => `${workersFor(n)} processes at N=${n}`).join(', ')}; `+
		`Redis ${redis.url}; load average ${load()} on ${cpus().length} cores`
);
try {
	for (let round = 1; round <= ROUNDS; round++) {
		for (const [si, size] of SIZES.entries()) {
			const { clients } = clientsThatFit(size, MEETINGS);
			// Two instances at every N; one instance at the smallest and two with twice its clients in twice
			// its meetings, for "twice the clients at the same p99".
			const plan: [VotesMode, number, number, number][] = [
				['bare', 2, clients, MEETINGS],
				['yoriai', 2, clients, MEETINGS],
				...(si === 0
					? ([
							['bare', 1, clients, MEETINGS],
							['yoriai', 1, clients, MEETINGS],
							['bare', 2, 2 * clients, 2 * MEETINGS],
							['yoriai', 2, 2 * clients, 2 * MEETINGS]
						] as [VotesMode, number, number, number][])
					: [])
			];
			if (round % 2 === 0) plan.reverse();
			for (const [mode, instances, n, meetings] of plan) {
				await flush();
				const r = await runVotes(mode, { clients: n, meetings, rate: RATE, seconds: SECONDS, instances, redisUrl: instances > 1 ? redis.url : undefined });
				const c = cell(mode, instances, n, meetings);
				c.runs.push(r);
				c.loads.push(load());
				console.log(`round ${round} N=${n} in ${meetings} meetings ×${instances} ${votesRow(mode, r)}  (load ${load()})`);
				await sleep(1000);
			}
		}
	}
	console.log('medians:');
	const med = (mode: VotesMode, instances: number, clients: number, meetings = MEETINGS) => {
		const c = cells.find((x) => x.mode === mode && x.instances === instances && x.clients === clients && x.meetings === meetings);
		return c && { ...summary(c.runs), lost: c.runs.filter((r) => !lossless(r)).length, loads: c.loads.join(' / ') };
	};
	for (const c of cells) {
		const s = med(c.mode, c.instances, c.clients, c.meetings)!;
		console.log(
			`  ${c.mode.padEnd(6)} ×${c.instances} N=${c.clients} in ${c.meetings} meetings: p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  server side p99 ${s.serverP99.toFixed(1)} ms  CPU/delivered ${s.cpu.toFixed(2)} µs  ` +
				`${s.lossless ? 'every vote to every client in every round' : `LOST DELIVERIES in ${s.lost} of ${c.runs.length} rounds`}  (load ${s.loads})`
		);
	}
	for (const size of SIZES) {
		const { clients } = clientsThatFit(size, MEETINGS);
		const y = med('yoriai', 2, clients);
		const b = med('bare', 2, clients);
		if (y && b && !(y.lossless && b.lossless))
			console.log(`ratio two instances N=${clients}: not comparable — ${y.lossless ? '' : 'Yoriai '}${!y.lossless && !b.lossless ? 'and ' : ''}${b.lossless ? '' : 'the peer '}lost deliveries  (load ${y.loads} | ${b.loads})`);
		else if (y && b)
			console.log(`ratio two instances N=${clients}: p99 ${(y.p99 / b.p99).toFixed(2)}× the peer (target ≤ 1.2×), p50 ${(y.p50 / b.p50).toFixed(2)}×, CPU/delivered ${(y.cpu / b.cpu).toFixed(2)}×  (load ${y.loads} | ${b.loads})`);
	}
	const small = clientsThatFit(SIZES[0], MEETINGS).clients;
	const large = clientsThatFit(SIZES.at(-1)!, MEETINGS).clients;
	// Twice the clients two ways: twice the meetings of the same size (how the product grows: more
	// regions' meetings), and the same meetings twice as large (each vote reaches twice the people).
	const twice = [
		{ how: `N=${2 * small} in ${2 * MEETINGS} meetings (twice the meetings)`, clients: 2 * small, meetings: 2 * MEETINGS },
		{ how: `N=${large} in ${MEETINGS} meetings (meetings twice as large)`, clients: large, meetings: MEETINGS }
	].filter((t, i) => i === 0 || large !== small);
	for (const mode of ['yoriai', 'bare'] as const)
		for (const t of twice) {
			const one = med(mode, 1, small);
			const two = med(mode, 2, t.clients, t.meetings);
			if (!one || !two) continue;
			if (!(one.lossless && two.lossless)) console.log(`${mode}: two instances with ${t.how} vs one instance with N=${small}: not comparable (lost deliveries)`);
			else
				console.log(
					`${mode}: two instances with ${t.how} p99 ${two.p99.toFixed(1)} ms vs one instance with N=${small} in ${MEETINGS} meetings p99 ${one.p99.toFixed(1)} ms: ${(two.p99 / one.p99).toFixed(2)}× (target ≤ 1×: twice the clients at the same p99); ` +
						`server side (until every instance has written the vote) p99 ${two.serverP99.toFixed(1)} vs ${one.serverP99.toFixed(1)} ms: ${(two.serverP99 / one.serverP99).toFixed(2)}×`
				);
		}
	console.log(`load average now ${load()}`);
} finally {
	await redis.stop();
}
process.exit(0);
