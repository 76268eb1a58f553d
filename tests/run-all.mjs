#!/usr/bin/env node
/**
 * `npm test`: every suite, real services only. Checks the prerequisites first and fails with one
 * clear line when one is missing (`.ci/run` installs them), then runs unit → integration → build →
 * e2e and stops at the first failure with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function executable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function onPath(bin) {
	return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, bin)));
}

function hasCjkFonts() {
	const r = spawnSync('fc-list', { encoding: 'utf8' });
	return r.status === 0 && /Noto.*CJK/i.test(r.stdout);
}

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const missing = [];
if (!onPath('redis-server')) missing.push('redis-server (apt-get install redis-server)');
if (!executable(chromium)) missing.push(`${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
if (!hasCjkFonts()) missing.push('Noto CJK fonts (apt-get install fonts-noto-cjk)');
if (missing.length) {
	console.error(`npm test: missing ${missing.join('; ')} — .ci/run installs them`);
	process.exit(1);
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
