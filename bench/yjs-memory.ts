/**
 * Memory per board connection: N y-websocket clients (presence set, as a page sets it) open one board
 * on our server and on the reference @y/websocket-server, each in its own child process; the server's
 * heap (after a full collection there) before and after, divided by N. Interleaved rounds, medians,
 * the load average beside them.
 *
 *   npx tsx bench/yjs-memory.ts                  # N=500, 3 rounds
 *   BENCH_QUICK=1 npx tsx bench/yjs-memory.ts     # N=100, 1 round
 */
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { heapOf, startBoardServer, type BoardServerKind } from './lib/board-servers.js';

const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_N ?? (QUICK ? 100 : 500));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
process.setMaxListeners(0);

async function board(kind: BoardServerKind, port: number): Promise<{ url: string; room: string; params: Record<string, string> }> {
	if (kind === 'reference') return { url: `ws://127.0.0.1:${port}`, room: 'bench-room', params: {} };
	const base = `http://127.0.0.1:${port}`;
	const created = (await (await fetch(`${base}/api/v1/meetings/demo`, { method: 'POST' })).json()) as { id: string; organiserToken: string };
	const view = (await (await fetch(`${base}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json()) as {
		state: { rooms: Record<string, { id: string; order: number }> };
	};
	const roomId = Object.values(view.state.rooms).sort((a, b) => a.order - b.order)[0].id;
	return { url: `ws://127.0.0.1:${port}/yjs`, room: `${created.id}/room/${roomId}`, params: { token: created.organiserToken } };
}

function open(target: { url: string; room: string; params: Record<string, string> }, i: number): Promise<WebsocketProvider> {
	const provider = new WebsocketProvider(target.url, target.room, new Y.Doc(), {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: target.params,
		disableBc: true
	});
	provider.awareness.setLocalStateField('user', { name: `参加者${i}`, color: '#1d4e89' });
	return new Promise((resolve) => {
		if (provider.synced) resolve(provider);
		provider.once('sync', () => resolve(provider));
	});
}

/** Bytes of server heap per connection, in one fresh server. */
async function measure(kind: BoardServerKind): Promise<{ perConnection: number; external: number }> {
	const { child, port } = await startBoardServer(kind);
	const providers: WebsocketProvider[] = [];
	try {
		const target = await board(kind, port);
		// One connection first, so the board itself (loaded on first use) is not counted per connection.
		providers.push(await open(target, 0));
		await sleep(500);
		const before = await heapOf(child);
		for (let i = 1; i <= N; i += 50) providers.push(...(await Promise.all(Array.from({ length: Math.min(50, N + 1 - i) }, (_, j) => open(target, i + j)))));
		await sleep(1500); // presence settles
		const after = await heapOf(child);
		return { perConnection: (after.heapUsed - before.heapUsed) / N, external: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / N };
	} finally {
		for (const p of providers) p.destroy();
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
	}
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

async function main() {
	const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
	console.log(`yjs memory: ${N} connections on one board, presence set, ${ROUNDS} round(s); load average ${load()}`);
	const results: Record<BoardServerKind, { heap: number[]; ext: number[] }> = { ours: { heap: [], ext: [] }, reference: { heap: [], ext: [] } };
	for (let r = 0; r < ROUNDS; r++) {
		for (const kind of (r % 2 ? ['reference', 'ours'] : ['ours', 'reference']) as BoardServerKind[]) {
			const m = await measure(kind);
			results[kind].heap.push(m.perConnection);
			results[kind].ext.push(m.external);
			console.log(`  round ${r + 1} ${kind.padEnd(9)} heap ${kb(m.perConnection)} per connection, external ${kb(m.external)}  (load ${load()})`);
		}
	}
	const ours = median(results.ours.heap);
	const ref = median(results.reference.heap);
	console.log(`median    yoriai ${kb(ours)}  @y/websocket-server ${kb(ref)} heap per connection`);
	console.log(`ratio     ${(ours / ref).toFixed(2)}× the reference (target ≤ 1.2×); load average ${load()}`);
}

main().then(
	() => process.exit(0),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
