/**
 * What a benchmark asks a server process it started (over the IPC channel): `{ type: 'cpu' }` answers
 * process.cpuUsage() and the event loop's delay since the previous ask (p99 and max, ms: how long
 * ready work waited in this process); `{ type: 'profile-start' }` / `{ type: 'profile-stop', path }`
 * take a V8 CPU profile of just the measured window (with BENCH_PROF set, see `cpuOf` callers).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Installs the IPC answers in this (server) process. */
export function installProbe(): void {
	const delay = monitorEventLoopDelay({ resolution: 5 });
	delay.enable();
	let session: Session | null = null;
	process.on('message', (msg: { type?: string; path?: string }) => {
		if (msg?.type === 'cpu') {
			const loop = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
			delay.reset();
			process.send?.({ type: 'cpu', usage: process.cpuUsage(), loop });
		} else if (msg?.type === 'profile-start' && !session) {
			const s = (session = new Session());
			s.connect();
			void s.post('Profiler.enable').then(() => s.post('Profiler.setSamplingInterval', { interval: 1000 })).then(() => s.post('Profiler.start'));
		} else if (msg?.type === 'profile-stop' && session && msg.path) {
			const s = session;
			session = null;
			void s.post('Profiler.stop').then(({ profile }) => {
				writeFileSync(msg.path!, JSON.stringify(profile));
				s.disconnect();
				process.send?.({ type: 'profiled', path: msg.path });
			});
		}
	});
}
