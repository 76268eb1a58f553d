/**
 * What a benchmark asks a server process it started (over the IPC channel): `{ type: 'cpu' }` answers
 * process.cpuUsage() and the event loop's delay since the previous ask (p99 and max, ms: how long
 * ready work waited in this process); `{ type: 'profile-start' }` / `{ type: 'profile-stop', path }`
 * take a V8 CPU profile of just the measured window (with BENCH_PROF set, see `cpuOf` callers);
 * `{ type: 'fanouts' }` answers when this process finished writing each meeting's `events` batch to
 * its sockets (see `timeFanOuts`).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';
import { clock } from './workers.js';

/** A meeting's `events` batch written to this process's sockets: meeting id, fromSeq, seq, when (clock). */
export type FanOut = [string, number, number, number];

/**
 * Times every `events` broadcast to a meeting room (`m:<id>` for the bare peer, `m:<id>:r:<role>`
 * for Yoriai) when socket.io's in-memory adapter has written it to this process's sockets — the
 * same point for both servers, for local broadcasts and for those arriving from Redis. socket.io
 * writes a broadcast synchronously, so the time after the call is when the last frame went to the
 * kernel: the server side of a delivery, without the time the receiving clients take to read it.
 */
function timeFanOuts(into: FanOut[]): void {
	const broadcast = Adapter.prototype.broadcast;
	Adapter.prototype.broadcast = function (this: Adapter, packet: { data?: unknown[] }, opts: BroadcastOptions) {
		broadcast.call(this, packet, opts);
		const [name, body] = (packet.data ?? []) as [unknown, { fromSeq?: unknown; seq?: unknown } | undefined];
		if (name !== 'events' || typeof body?.seq !== 'number' || typeof body.fromSeq !== 'number') return;
		for (const room of opts.rooms)
			if (room.startsWith('m:')) {
				into.push([room.split(':')[1], body.fromSeq, body.seq, clock()]);
				return;
			}
	};
}

/** Installs the IPC answers in this (server) process. */
export function installProbe(): void {
	const delay = monitorEventLoopDelay({ resolution: 5 });
	delay.enable();
	const fanouts: FanOut[] = [];
	timeFanOuts(fanouts);
	let session: Session | null = null;
	process.on('message', (msg: { type?: string; path?: string }) => {
		if (msg?.type === 'cpu') {
			const loop = { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
			delay.reset();
			process.send?.({ type: 'cpu', usage: process.cpuUsage(), loop });
		} else if (msg?.type === 'fanouts') {
			process.send?.({ type: 'fanouts', rows: fanouts.splice(0) });
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
