#!/usr/bin/env node
/**
 * `npm test`: every suite, real services only. Checks the system packages first with
 * scripts/ensure-system.sh (shared with `.ci/run`: installs what is missing as root, else fails with
 * one clear line naming the apt-get command), then runs unit → integration → build → e2e and stops
 * at the first failure with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// System packages (redis-server, chromium, Noto CJK fonts, nginx): the same script .ci/run uses.
// It prints one line and fails when something is missing and it may not install it.
const system = spawnSync('bash', [join(root, 'scripts', 'ensure-system.sh')], { cwd: root, stdio: 'inherit' });
if (system.status !== 0) {
	if (system.error) console.error(`npm test: could not run scripts/ensure-system.sh (${system.error.message})`);
	process.exit(system.status || 1);
}

const steps = [
	['svelte-kit sync', 'npx', ['svelte-kit', 'sync']],
	['unit tests', 'npx', ['vitest', 'run', '--project', 'unit']],
	['integration tests', 'npx', ['vitest', 'run', '--project', 'integration']],
	['build', 'npm', ['run', 'build']],
	['e2e tests', 'npx', ['vitest', 'run', '--project', 'e2e']]
];

for (const [name, cmd, args] of steps) {
	console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
	const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) {
		console.error(`npm test: ${name} failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`})`);
		process.exit(r.status || 1);
	}
}
console.log('\nnpm test: all suites passed');
