/**
 * Board sync on networks without WebSockets: one writer types on a board (one edit every 50 ms) and
 * R readers watch it; how long from an edit to every reader seeing it (p50 / p99)? Runs the same
 * rounds over our WebSocket endpoint, over our socket.io fallback on HTTP long-polling (what a
 * blocked network gets), and over the reference @y/websocket-server (WebSocket), each server in
 * its own child process, interleaved, and prints the ratios with the load average.
 *
 *   npx tsx bench/board-transports.ts              # R=20 readers, 100 edits, 3 rounds
 *   BENCH_QUICK=1 npx tsx bench/board-transports.ts  # R=5, 30 edits, 2 rounds
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Manager } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startBoardServer } from './lib/board-servers.js';
import { boardSocketClass } from '../src/lib/client/board-socket.js';

const QUICK = process.env.BENCH_QUICK === '1';
const READERS = Number(process.env.BENCH_READERS ?? (QUICK ? 5 : 20));
const EDITS = Number(process.env.BENCH_EDITS ?? (QUICK ? 30 : 100));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const EDIT_EVERY_MS = 50;
process.setMaxListeners(0);

// ------------------------------------------------------------------------------------------------
// Targets and rounds.

interface Target {
	name: string;
	/** Opens one client on the board. */
	open(): WebsocketProvider;
}

async function ourBoard(port: number): Promise<{ base: string; room: string; token: string }> {
	const base = `http://127.0.0.1:${port}`;
	const created = (await (await fetch(`${base}/api/v1/meetings/demo`, { method: 'POST' })).json()) as { id: string; organiserToken: string };
	const view = (await (await fetch(`${base}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json()) as {
		state: { rooms: Record<string, { id: string; order: number }> };
	};
	const room = Object.values(view.state.rooms).sort((a, b) => a.order - b.order)[0].id;
	return { base, room: `${created.id}/room/${room}`, token: created.organiserToken };
}

function ourTarget(board: { base: string; room: string; token: string }, transport: 'websocket' | 'socket.io'): Target {
	return {
		name: transport === 'websocket' ? 'Yoriai, WebSocket' : 'Yoriai, socket.io long-polling fallback',
		open() {
			const Polyfill =
				transport === 'websocket'
					? (WebSocket as unknown as typeof globalThis.WebSocket)
					: (boardSocketClass({
							manager: (() => {
								const m = new Manager(board.base, { path: '/socket.io/', transports: ['polling'], reconnection: false });
								return () => m;
							})(),
							useFallback: () => true,
							onWebSocketFailed: () => undefined
						}) as unknown as typeof globalThis.WebSocket);
			return new WebsocketProvider(`${board.base.replace('http', 'ws')}/yjs`, board.room, new Y.Doc(), { WebSocketPolyfill: Polyfill, params: { token: board.token }, disableBc: true });
		}
	};
}

function referenceTarget(port: number, round: number): Target {
	return {
		name: '@y/websocket-server, WebSocket',
		open: () =>
			new WebsocketProvider(`ws://127.0.0.1:${port}`, `bench-${round}`, new Y.Doc(), { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true })
	};
}

const synced = (p: WebsocketProvider) => new Promise<void>((r) => (p.synced ? r() : p.once('sync', (s: boolean) => s && r())));

/** One round: latencies (ms) from each edit to each reader seeing it. */
async function round(target: Target): Promise<number[]> {
	const writer = target.open();
	const readers = Array.from({ length: READERS }, () => target.open());
	await Promise.all([writer, ...readers].map(synced));
	const sentAt = new Map<number, number>();
	const latencies: number[] = [];
	let pending = READERS * EDITS;
	const done = new Promise<void>((resolve) => {
		for (const r of readers) {
			const seen = new Set<number>();
			const text = r.doc.getText('text');
			text.observe(() => {
				const now = performance.now();
				for (const m of text.toString().matchAll(/⟦(\d+)⟧/g)) {
					const i = Number(m[1]);
					if (seen.has(i) || !sentAt.has(i)) continue;
					seen.add(i);
					latencies.push(now - sentAt.get(i)!);
					if (--pending === 0) resolve();
				}
			});
		}
	});
	const text = writer.doc.getText('text');
	const id = Math.random().toString(36).slice(2, 6);
	for (let i = 0; i < EDITS; i++) {
		sentAt.set(i, performance.now());
		text.insert(text.length, `\n● ${id} 記録 ⟦${i}⟧`);
		await sleep(EDIT_EVERY_MS);
	}
	await Promise.race([done, sleep(60_000)]);
	for (const p of [writer, ...readers]) p.destroy();
	if (pending > 0) throw new Error(`${target.name}: ${pending} deliveries missing`);
	return latencies;
}

const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs: number[]) => pct(xs, 50);

async function main() {
	const ours = await startBoardServer('ours');
	const ref = await startBoardServer('reference');
	try {
		const board = await ourBoard(ours.port);
		const names = ['Yoriai, WebSocket', 'Yoriai, socket.io long-polling fallback', '@y/websocket-server, WebSocket'];
		const results = new Map<string, { p50: number[]; p99: number[] }>(names.map((n) => [n, { p50: [], p99: [] }]));
		for (let r = 0; r < ROUNDS; r++) {
			const targets = [ourTarget(board, 'websocket'), ourTarget(board, 'socket.io'), referenceTarget(ref.port, r)];
			// Alternate the order between rounds so no target always runs on a warmer machine.
			if (r % 2) targets.reverse();
			for (const t of targets) {
				const l = await round(t);
				results.get(t.name)!.p50.push(pct(l, 50));
				results.get(t.name)!.p99.push(pct(l, 99));
			}
		}
		console.log(`board sync: 1 writer (an edit every ${EDIT_EVERY_MS} ms, ${EDITS} edits), ${READERS} readers, ${ROUNDS} rounds, medians of rounds; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
		const ws = results.get(names[0])!;
		for (const n of names) {
			const r = results.get(n)!;
			console.log(`  ${n.padEnd(42)} p50 ${median(r.p50).toFixed(1)} ms   p99 ${median(r.p99).toFixed(1)} ms   p99 vs our WebSocket ${(median(r.p99) / median(ws.p99)).toFixed(2)}×`);
		}
	} finally {
		ours.child.kill('SIGTERM');
		ref.child.kill('SIGTERM');
		await sleep(200);
	}
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
