/**
 * Benchmark: meeting events at N=2000 on one instance (the load: bench/lib/votes-load.ts, clients in
 * several load-generator processes). The same load runs in the same invocation against a bare
 * socket.io server that only broadcasts the same events (no validation, no persistence, no
 * redaction), rounds alternating, and the ratios of the medians are printed with the load average.
 * The vote rate is set so all clients together get BENCH_DELIVERIES (6,000) events per second, a load
 * both sides deliver in full here; a round that loses any delivery makes the ratio "not comparable".
 *
 *   npx tsx bench/votes.ts                 # 2,000 clients, 10 meetings, 3 votes/s per meeting, 12 s, 3 rounds, lockstep then staggered
 *   BENCH_ARRIVALS=staggered npx tsx bench/votes.ts   # only the steady arrivals
 *   BENCH_QUICK=1 npx tsx bench/votes.ts   # 200 clients, 2 meetings, 6 s, 1 round
 *   BENCH_CLIENTS=500 BENCH_MEETINGS=5 BENCH_RATE=20 BENCH_SECONDS=15 npx tsx bench/votes.ts
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientsThatFit, runVotes, summary, votesRow, workersFor, type VotesResult } from './lib/votes-load.js';
import { arrivalsFromEnv, type Arrivals } from './lib/workers.js';

const quick = process.env.BENCH_QUICK === '1';
const env = (name: string, full: number, small: number) => Number(process.env[name] ?? (quick ? small : full));
const MEETINGS = env('BENCH_MEETINGS', 10, 2);
const { clients: CLIENTS, ulimit } = clientsThatFit(env('BENCH_CLIENTS', 2000, 200), MEETINGS);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 6000);
const RATE = Number(process.env.BENCH_RATE ?? Math.min(20, Math.max(1, Math.round(DELIVERIES / CLIENTS))));
const SECONDS = env('BENCH_SECONDS', 12, 6);
const ROUNDS = env('BENCH_ROUNDS', 3, 1);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

// Both arrivals unless BENCH_ARRIVALS names one: lockstep (a burst per interval; the harness
// and its target) and staggered (steady; each vote's own cost shows).
const ARRIVALS: Arrivals[] = process.env.BENCH_ARRIVALS ? [arrivalsFromEnv()] : ['lockstep', 'staggered'];
console.log(
	`votes benchmark (one instance): ${Math.floor(CLIENTS / MEETINGS) * MEETINGS} clients in ${MEETINGS} meetings, ${RATE} votes/s per meeting, ${SECONDS} s (+2 s warm-up), ` +
		`${ROUNDS} round(s) alternating bare and yoriai, votes ${ARRIVALS.join(' then ')}; ${workersFor(CLIENTS)} load-generator processes; ulimit -n ${ulimit}; load average ${load()} on ${cpus().length} cores`
);
for (const arrivals of ARRIVALS) {
	const results: { bare: VotesResult[]; yoriai: VotesResult[] } = { bare: [], yoriai: [] };
	const loads: { bare: string[]; yoriai: string[] } = { bare: [], yoriai: [] };
	for (let round = 1; round <= ROUNDS; round++) {
		for (const mode of round % 2 ? (['bare', 'yoriai'] as const) : (['yoriai', 'bare'] as const)) {
			const r = await runVotes(mode, { clients: CLIENTS, meetings: MEETINGS, rate: RATE, seconds: SECONDS, arrivals });
			results[mode].push(r);
			loads[mode].push(load());
			console.log(`${arrivals} round ${round} ${votesRow(mode, r)}  (load ${load()})`);
			await sleep(1000);
		}
	}
	const b = summary(results.bare);
	const y = summary(results.yoriai);
	console.log(`${arrivals} median bare   p50 ${b.p50.toFixed(1)} ms  p99 ${b.p99.toFixed(1)} ms  CPU/delivered ${b.cpu.toFixed(2)} µs  (load ${loads.bare.join(' / ')})`);
	console.log(`${arrivals} median yoriai p50 ${y.p50.toFixed(1)} ms  p99 ${y.p99.toFixed(1)} ms  CPU/delivered ${y.cpu.toFixed(2)} µs  (load ${loads.yoriai.join(' / ')})`);
	if (!b.lossless || !y.lossless)
		console.log(`${arrivals} ratio N=${CLIENTS}: not comparable — ${[!y.lossless && 'Yoriai', !b.lossless && 'bare socket.io'].filter(Boolean).join(' and ')} lost deliveries  (load ${load()})`);
	else
		console.log(
			`${arrivals} ratio N=${CLIENTS} one instance / bare socket.io: p50 ${(y.p50 / b.p50).toFixed(2)}×  p99 ${(y.p99 / b.p99).toFixed(2)}×${arrivals === 'lockstep' ? ' (target ≤ 1.1×)' : ''}  CPU/delivered ${(y.cpu / b.cpu).toFixed(2)}×  (load ${load()})`
		);
}
process.exit(0);
