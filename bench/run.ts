/**
 * `npm run bench`: runs every benchmark in bench/ one after another (each compares Yoriai with a
 * peer doing the same work in the same run and prints ratios). Pass names to run only some:
 * `npm run bench -- votes clock-skew`. Set BENCH_QUICK=1 for a short smoke run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

const wanted = process.argv.slice(2);
const benches = readdirSync('bench')
	.filter((f) => f.endsWith('.ts') && f !== 'run.ts')
	.map((f) => f.replace(/\.ts$/, ''))
	.filter((name) => wanted.length === 0 || wanted.includes(name))
	.sort();

if (benches.length === 0) {
	console.error(`no benchmark matches ${wanted.join(', ')}`);
	process.exit(1);
}
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const started = performance.now();
const took: string[] = [];
let failed = 0;
for (const name of benches) {
	console.log(`\n=== bench/${name}.ts ===  (load ${load()})`);
	const t0 = performance.now();
	const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit', env: process.env });
	took.push(`${name} ${((performance.now() - t0) / 1000).toFixed(0)} s`);
	if (r.status !== 0) {
		failed++;
		console.error(`bench/${name}.ts exited with ${r.status}`);
	}
}
console.log(`\nnpm run bench: ${benches.length} benchmarks in ${((performance.now() - started) / 1000).toFixed(0)} s (${took.join(', ')}); ${failed} failed; load average ${load()}`);
process.exit(failed ? 1 : 0);
