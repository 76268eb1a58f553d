/**
 * The production build (`node dist/server/index.js`) started as a real child process on a free
 * port with a fresh data directory, for e2e tests. Requires `npm run build` (tests/run-all.mjs does it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface App {
	url: string;
	port: number;
	dataDir: string;
	process: ChildProcess;
	/** Output lines so far (JSON logs), for diagnosing a failure. */
	output: string[];
	stop(signal?: NodeJS.Signals): Promise<number | null>;
	/** With `clock`: moves the server's clock to `iso` (it runs on in real time from there); resolves once the server says so. */
	setClock(iso: string): Promise<void>;
}

/**
 * Starts the built app on port 0 and resolves once it listens. With `clock` (an ISO instant) the
 * server's clock starts there (tests/helpers/app-clock-main.ts serves the same build).
 */
export async function startApp(env: Record<string, string> = {}, opts: { clock?: string } = {}): Promise<App> {
	const entry = join(process.cwd(), 'dist', 'server', 'index.js');
	if (!existsSync(entry) || !existsSync(join(process.cwd(), 'build', 'handler.js')))
		throw new Error('the production build is missing: run `npm run build` before the e2e tests (npm test does it)');
	const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'yoriai-e2e-'));
	const args = opts.clock ? ['--import', 'tsx', join(process.cwd(), 'tests', 'helpers', 'app-clock-main.ts')] : [entry];
	const child = spawn(process.execPath, args, {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, DATA_DIR: dataDir, ...(opts.clock ? { YORIAI_TEST_CLOCK: opts.clock } : {}) },
		stdio: [opts.clock ? 'pipe' : 'ignore', 'pipe', 'pipe']
	});
	const output: string[] = [];
	const port = await new Promise<number>((resolve, reject) => {
		let buffer = '';
		const onData = (chunk: Buffer) => {
			buffer += chunk.toString();
			let i;
			while ((i = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 1);
				output.push(line);
				const m = /"url":"http:\/\/localhost:(\d+)"/.exec(line);
				if (m) resolve(Number(m[1]));
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
		child.once('exit', (code) => reject(new Error(`app exited with ${code} before listening:\n${output.join('\n')}`)));
	});
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		dataDir,
		process: child,
		output,
		async setClock(iso: string) {
			if (!child.stdin) throw new Error('setClock needs startApp({ clock })');
			const from = output.length;
			child.stdin.write(`clock ${iso}\n`);
			const said = () => output.slice(from).some((l) => l.includes(`"clockSet":"${iso}"`));
			for (let tries = 0; !said(); tries++) {
				if (tries > 200 || child.exitCode !== null) throw new Error(`the server did not set its clock to ${iso}:\n${output.join('\n')}`);
				await new Promise((r) => setTimeout(r, 25));
			}
		},
		stop(signal: NodeJS.Signals = 'SIGTERM') {
			if (child.exitCode !== null) return Promise.resolve(child.exitCode);
			return new Promise((resolve) => {
				child.once('exit', (code) => resolve(code));
				child.kill(signal);
			});
		}
	};
}

/**
 * Moves the clock of an app started with `{ clock }` one step (a minute) on and waits until that
 * minute's jobs ran (tests/helpers/app-clock-main.ts).
 */
export async function stepClock(app: App): Promise<void> {
	const stepped = () => app.output.filter((l) => l.includes('"clock stepped"')).length;
	const before = stepped();
	if (!app.process.stdin) throw new Error('stepClock needs startApp({ clock })');
	app.process.stdin.write('step\n');
	for (let i = 0; i < 400 && stepped() === before; i++) await new Promise((r) => setTimeout(r, 25));
	if (stepped() === before) throw new Error(`the app's clock did not step:\n${app.output.slice(-5).join('\n')}`);
}
