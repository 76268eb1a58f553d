/**
 * Benchmark: upvotes in many meetings at once, on one instance (the load: bench/lib/votes-load.ts).
 * The same load runs in the same invocation against a bare socket.io server that only broadcasts the
 * same events (no validation, no persistence, no redaction), rounds alternating, and the ratios of
 * the medians are printed with the load average.
 *
 *   npx tsx bench/votes.ts                 # 1,000 clients, 10 meetings, 20 votes/s per meeting, 20 s
 *   BENCH_QUICK=1 npx tsx bench/votes.ts   # 100 clients, 2 meetings, 8 s
 *   BENCH_CLIENTS=500 BENCH_MEETINGS=5 BENCH_RATE=20 BENCH_SECONDS=15 npx tsx bench/votes.ts
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientsThatFit, runVotes, summary, votesRow, type VotesResult } from './lib/votes-load.js';

const quick = process.env.BENCH_QUICK === '1';
const env = (name: string, full: number, small: number) => Number(process.env[name] ?? (quick ? small : full));
const MEETINGS = env('BENCH_MEETINGS', 10, 2);
const { clients: CLIENTS, ulimit } = clientsThatFit(env('BENCH_CLIENTS', 1000, 100), MEETINGS);
const RATE = env('BENCH_RATE', 20, 20);
const SECONDS = env('BENCH_SECONDS', 20, 8);
const ROUNDS = env('BENCH_ROUNDS', 3, 1);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

console.log(
	`votes benchmark: ${Math.floor(CLIENTS / MEETINGS) * MEETINGS} clients in ${MEETINGS} meetings, ${RATE} votes/s per meeting, ${SECONDS} s (+2 s warm-up), ` +
		`${ROUNDS} round(s) alternating bare and yoriai; ulimit -n ${ulimit}; load average ${load()} on ${cpus().length} cores`
);
const results: { bare: VotesResult[]; yoriai: VotesResult[] } = { bare: [], yoriai: [] };
for (let round = 1; round <= ROUNDS; round++) {
	for (const mode of ['bare', 'yoriai'] as const) {
		const r = await runVotes(mode, { clients: CLIENTS, meetings: MEETINGS, rate: RATE, seconds: SECONDS });
		results[mode].push(r);
		console.log(`round ${round} ${votesRow(mode, r)}  (load ${load()})`);
		await sleep(1000);
	}
}
const b = summary(results.bare);
const y = summary(results.yoriai);
console.log(`median   bare   p50 ${b.p50.toFixed(1)} ms  p99 ${b.p99.toFixed(1)} ms  CPU/delivered ${b.cpu.toFixed(2)} µs`);
console.log(`median   yoriai p50 ${y.p50.toFixed(1)} ms  p99 ${y.p99.toFixed(1)} ms  CPU/delivered ${y.cpu.toFixed(2)} µs`);
console.log(`ratio    p50 ${(y.p50 / b.p50).toFixed(2)}×  p99 ${(y.p99 / b.p99).toFixed(2)}× (target ≤ 1.1×)  CPU/delivered ${(y.cpu / b.cpu).toFixed(2)}×`);
console.log(`load average now ${load()}`);
console.log('(latency is measured in this one client process, which also parses every delivered event: with many clients it dominates the tail)');
process.exit(0);
