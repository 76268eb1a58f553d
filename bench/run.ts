/**
 * `npm run bench`: runs every benchmark in bench/ one after another (each compares Yoriai with a
 * peer doing the same work in the same run and prints ratios). Pass names to run only some:
 * `npm run bench -- votes clock-skew`. Set BENCH_QUICK=1 for a short smoke run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

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
let failed = 0;
for (const name of benches) {
	console.log(`\n=== bench/${name}.ts ===`);
	const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { stdio: 'inherit', env: process.env });
	if (r.status !== 0) {
		failed++;
		console.error(`bench/${name}.ts exited with ${r.status}`);
	}
}
process.exit(failed ? 1 : 0);
