/**
 * Presence under load: N Node y-websocket clients on one board all change their awareness at once;
 * how long until every client sees every other client's change (p50 / p99 delivery latency, and
 * how many deliveries arrive at all)? Runs the same rounds against our server (coalesced presence)
 * and against the reference @y/websocket-server (setupWSConnection: one message per client per
 * change, to every client), each in its own child process, and prints the ratios.
 *
 *   npx tsx bench/awareness.ts            # N=400, 3 rounds
 *   BENCH_N=500 BENCH_ROUNDS=5 npx tsx bench/awareness.ts
 *   BENCH_QUICK=1 npx tsx bench/awareness.ts   # N=100, 2 rounds
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startBoardServer } from './lib/board-servers.js';

const QUICK = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_N ?? (QUICK ? 100 : 400));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3));
const ROUND_TIMEOUT_MS = 30_000;
process.setMaxListeners(0); // every Node y-websocket provider adds an exit listener

// ------------------------------------------------------------------------------------------------
// Clients and rounds.

interface Target {
	name: string;
	serverUrl: string;
	room: string;
	params: Record<string, string>;
}

async function ourTarget(port: number): Promise<Target> {
	const base = `http://127.0.0.1:${port}`;
	const created = (await (await fetch(`${base}/api/v1/meetings/demo`, { method: 'POST' })).json()) as { id: string; organiserToken: string };
	const view = (await (await fetch(`${base}/api/v1/meetings/${created.id}`, { headers: { authorization: `Bearer ${created.organiserToken}` } })).json()) as {
		state: { rooms: Record<string, { id: string; order: number }> };
	};
	const roomId = Object.values(view.state.rooms).sort((a, b) => a.order - b.order)[0].id;
	return { name: 'yoriai', serverUrl: `ws://127.0.0.1:${port}/yjs`, room: `${created.id}/room/${roomId}`, params: { token: created.organiserToken } };
}

interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
}

async function connectAll(target: Target): Promise<Client[]> {
	const clients: Client[] = [];
	for (let i = 0; i < N; i += 50) {
		const batch = Array.from({ length: Math.min(50, N - i) }, () => {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(target.serverUrl, target.room, doc, {
				WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
				params: target.params,
				disableBc: true
			});
			provider.awareness.setLocalStateField('user', { name: `c${clients.length}`, color: '#1d4e89' });
			const c = { doc, provider };
			clients.push(c);
			return new Promise<void>((resolve) => {
				if (provider.synced) resolve();
				provider.once('sync', () => resolve());
			});
		});
		await Promise.all(batch);
	}
	// Let the initial presence settle: everyone sees everyone.
	const deadline = Date.now() + 60_000;
	while (clients.some((c) => c.provider.awareness.getStates().size < N) && Date.now() < deadline) await sleep(100);
	return clients;
}

async function round(clients: Client[], r: number): Promise<{ latencies: number[]; expected: number }> {
	const latencies: number[] = [];
	const seen = new Set<string>();
	const expected = clients.length * (clients.length - 1);
	const listeners = clients.map((c, i) => {
		const fn = ({ added, updated }: { added: number[]; updated: number[] }) => {
			const now = performance.now();
			const states = c.provider.awareness.getStates();
			for (const id of [...added, ...updated]) {
				if (id === c.doc.clientID) continue;
				const t = (states.get(id) as { t?: { r: number; at: number } } | undefined)?.t;
				if (!t || t.r !== r) continue;
				const key = `${i}:${id}`;
				if (seen.has(key)) continue;
				seen.add(key);
				latencies.push(now - t.at);
			}
		};
		c.provider.awareness.on('change', fn);
		return fn;
	});
	// Everyone at once.
	for (const c of clients) c.provider.awareness.setLocalStateField('t', { r, at: performance.now() });
	const deadline = performance.now() + ROUND_TIMEOUT_MS;
	while (seen.size < expected && performance.now() < deadline) await sleep(20);
	clients.forEach((c, i) => c.provider.awareness.off('change', listeners[i]));
	return { latencies, expected };
}

function pct(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(kind: 'yoriai' | 'reference') {
	const { child, port } = await startBoardServer(kind === 'yoriai' ? 'ours' : 'reference');
	try {
		const target = kind === 'yoriai' ? await ourTarget(port) : { name: 'reference', serverUrl: `ws://127.0.0.1:${port}`, room: 'bench-room', params: {} };
		const clients = await connectAll(target);
		const all: number[] = [];
		let expected = 0;
		for (let r = 1; r <= ROUNDS; r++) {
			const res = await round(clients, r);
			for (const l of res.latencies) all.push(l);
			expected += res.expected;
			await sleep(500);
		}
		for (const c of clients) {
			c.provider.destroy();
			c.doc.destroy();
		}
		all.sort((a, b) => a - b);
		return { kind, p50: pct(all, 50), p99: pct(all, 99), max: all.at(-1) ?? NaN, delivered: all.length, expected };
	} finally {
		child.kill('SIGTERM');
		await new Promise((r) => child.once('exit', r));
	}
}

async function main() {
	console.log(`awareness: ${N} clients on one board, all changing presence at once, ${ROUNDS} rounds`);
	const ours = await measure('yoriai');
	const ref = await measure('reference');
	const fmt = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : '—');
	console.log('server      p50       p99       max       delivered');
	for (const r of [ours, ref]) console.log(`${r.kind.padEnd(11)} ${fmt(r.p50).padEnd(9)} ${fmt(r.p99).padEnd(9)} ${fmt(r.max).padEnd(9)} ${r.delivered}/${r.expected}`);
	console.log(`ratio reference/yoriai: p50 ×${(ref.p50 / ours.p50).toFixed(2)}, p99 ×${(ref.p99 / ours.p99).toFixed(2)}`);
	process.exit(0);
}

void main();
