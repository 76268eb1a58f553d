/**
 * Benchmark: do skewed clients show the same countdown? Several socket.io clients, each with a wrong
 * local clock (±3 min, a little drift) and random, asymmetric network delay, run the browser's offset
 * estimator (same bursts and refresh period) against a real Yoriai server. At the same instants every
 * client computes the remaining time it would display; we report the largest spread between clients
 * and each client's error against the server clock, over a few minutes. Peers in the same run, on
 * the same samples: a naive client (its own clock, no offset) and a client that takes the offset
 * once from its view's timestamp (one one-way sample, no round-trip filtering).
 *
 *   npx tsx bench/clock-skew.ts                     # 3 minutes, 8 clients
 *   BENCH_QUICK=1 npx tsx bench/clock-skew.ts       # 20 s, 4 clients (as BENCH_SECONDS=20 BENCH_CLIENTS=4)
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { readConfig } from '../server/config.js';
import { startYoriai } from '../server/start.js';
import { burst, OffsetEstimator } from '../src/lib/client/clock-offset.js';
import { allottedMs, type AgendaItem } from '../src/lib/shared/agenda/types.js';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents, type SessionView } from '../src/lib/shared/protocol.js';

const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 20 : 180));
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? (QUICK ? 4 : 8));
const REFRESH_MS = Number(process.env.BENCH_REFRESH_MS ?? 30_000); // as in src/lib/client/clock.svelte.ts
const SAMPLE_EVERY_MS = 100;
const MAX_JITTER_MS = 40;
const SKEW_MS = 3 * 60_000;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

interface BenchClient {
	name: string;
	skew: number;
	driftPpm: number;
	local: () => number;
	estimator: OffsetEstimator;
	/** Offset from the view's `serverNow` when it arrived (the "view-seeded" peer). */
	viewOffset: number;
	socket: Client;
}

const rand = (a: number, b: number) => a + Math.random() * (b - a);

async function post(url: string, body: unknown, token?: string) {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
	return (await res.json()) as any;
}

async function main() {
	const dataDir = mkdtempSync(join(tmpdir(), 'yoriai-bench-'));
	const server = await startYoriai(readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), null);
	const clients: BenchClient[] = [];
	try {
		const created = await post(`${server.url}/api/v1/meetings`, { title: 'bench', startsAt: new Date().toISOString() });
		const base = `${server.url}/api/v1/meetings/${created.id}`;
		const add = await post(`${base}/commands`, { type: 'agenda.add', title: '討議', durationMinutes: Math.ceil(SECONDS / 60) + 5, kind: 'breakout' }, created.organiserToken);
		await post(`${base}/commands`, { type: 'agenda.start', itemId: add.result.id }, created.organiserToken);
		const view = (await (await fetch(base, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json()) as SessionView;
		const link = Object.values(view.state.links).find((l) => l.role === 'participant')!;
		const linkToken = decodeURIComponent(view.linkUrls[link.id].split('/j/')[1]);

		const t0 = Date.now();
		for (let i = 0; i < CLIENTS; i++) {
			const skew = (i % 2 ? 1 : -1) * SKEW_MS + rand(-20_000, 20_000);
			const driftPpm = rand(-50, 50);
			const local = () => {
				const t = Date.now();
				return t + skew + ((t - t0) * driftPpm) / 1e6;
			};
			const socket: Client = io(server.url, { path: '/socket.io/', transports: ['websocket'], auth: { meetingId: created.id, token: linkToken, protocol: PROTOCOL_VERSION }, forceNew: true });
			const client: BenchClient = { name: `c${i}`, skew, driftPpm, local, estimator: new OffsetEstimator(), viewOffset: 0, socket };
			const gotView = new Promise<SessionView>((resolve) => socket.once('view', resolve));
			// The view's timestamp travelled one way through the same jittery network.
			const v = await gotView;
			await sleep(rand(0, MAX_JITTER_MS));
			client.viewOffset = v.serverNow - local();
			clients.push(client);
		}
		const item: AgendaItem = view.state.agenda.items[add.result.id];
		const end = item.spans[0].start + allottedMs(item);

		// A ping through a jittery, asymmetric network: random delay each way.
		const pinger = (c: BenchClient) => async () => {
			await sleep(rand(0, MAX_JITTER_MS));
			const serverAt = await c.socket.timeout(5000).emitWithAck('clock.ping');
			await sleep(rand(0, MAX_JITTER_MS));
			return serverAt;
		};
		let running = true;
		void clients.map(async (c) => {
			await burst(c.estimator, pinger(c), c.local, 6, 40);
			while (running) {
				await sleep(REFRESH_MS);
				if (running) await burst(c.estimator, pinger(c), c.local, 3, 40);
			}
		});
		await sleep(1500); // first bursts done

		const kinds = ['estimator', 'viewSeeded', 'naive'] as const;
		const spread: Record<(typeof kinds)[number], number> = { estimator: 0, viewSeeded: 0, naive: 0 };
		const worstError: Record<(typeof kinds)[number], number> = { estimator: 0, viewSeeded: 0, naive: 0 };
		let samples = 0;
		let secondMismatches = 0;
		const until = Date.now() + SECONDS * 1000;
		while (Date.now() < until) {
			// Every client, at this same instant, computes what its screen shows.
			const truth = end - Date.now();
			const shown = {
				estimator: clients.map((c) => end - (c.local() + c.estimator.offset(c.local()))),
				viewSeeded: clients.map((c) => end - (c.local() + c.viewOffset)),
				naive: clients.map((c) => end - c.local())
			};
			for (const k of kinds) {
				spread[k] = Math.max(spread[k], Math.max(...shown[k]) - Math.min(...shown[k]));
				worstError[k] = Math.max(worstError[k], ...shown[k].map((r) => Math.abs(r - truth)));
			}
			// The UI floors the server time to whole seconds: do screens disagree on the second shown?
			const seconds = clients.map((c) => Math.floor((c.local() + c.estimator.offset(c.local())) / 1000));
			if (Math.max(...seconds) !== Math.min(...seconds)) secondMismatches++;
			samples++;
			await sleep(SAMPLE_EVERY_MS);
		}
		running = false;

		const ms = (x: number) => `${x.toFixed(1)} ms`;
		console.log(`clock-skew: ${CLIENTS} clients, skews ${clients.map((c) => `${(c.skew / 1000).toFixed(0)}s`).join(' ')}, drift ±50 ppm, jitter 0–${MAX_JITTER_MS} ms each way`);
		console.log(`  ${samples} sampling instants over ${SECONDS} s, refresh every ${REFRESH_MS / 1000} s`);
		console.log(`  best round trips: ${clients.map((c) => c.estimator.best(c.local())!.rtt.toFixed(1)).join(' ')} ms`);
		console.log('');
		console.log('  client kind      largest spread between clients   largest error vs server');
		for (const k of kinds) console.log(`  ${k.padEnd(16)} ${ms(spread[k]).padStart(18)}            ${ms(worstError[k]).padStart(18)}`);
		console.log('');
		console.log(`  ratio naive / estimator spread:       ${(spread.naive / spread.estimator).toFixed(0)}×`);
		console.log(`  ratio view-seeded / estimator spread: ${(spread.viewSeeded / spread.estimator).toFixed(1)}×`);
		console.log(`  instants where screens showed different seconds: ${secondMismatches}/${samples} (${((100 * secondMismatches) / samples).toFixed(2)} %)`);
		console.log(`  target: spread < 50 ms → ${spread.estimator < 50 ? 'met' : 'NOT met'}`);
		mkdirSync('bench/results', { recursive: true });
		writeFileSync('bench/results/clock-skew.json', JSON.stringify({ at: new Date().toISOString(), clients: CLIENTS, seconds: SECONDS, samples, spread, worstError, secondMismatches }, null, 2));
	} finally {
		for (const c of clients) c.socket.disconnect();
		await server.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
