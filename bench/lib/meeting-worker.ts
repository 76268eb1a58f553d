/**
 * A load-generator worker for bench/meeting-300.ts: holds its share of the members (socket.io) and
 * of the rooms (every board connection of a room, its facilitator's included), votes from its own
 * members at its share of the rate, types in its rooms' boards, moves its people's cursors, and
 * records when each of its clients received each vote and each keystroke (bench/lib/workers.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { clock, ownCpu, quiet, receiptRows, receive, serveWorker, sleepUntil, Voter, type Arrivals, type Receipts } from './workers.js';

export interface MeetingShare {
	members: { url: string; auth: Record<string, unknown> }[];
	/** Whole rooms: the number of the room and its people's board connections (the first types). */
	rooms: { r: number; people: { url: string; room: string; params: Record<string, string> }[] }[];
}

const sockets: Socket[] = [];
const providers: { r: number; p: WebsocketProvider }[] = [];
const receipts: Receipts = new Map();
let window = { from: Infinity, to: -Infinity };
let delivered = 0;
const counted = (now: number) => now >= window.from && now <= window.to;
process.setMaxListeners(0);

serveWorker({
	async connect(msg: MeetingShare) {
		for (let i = 0; i < msg.members.length; i += 50)
			await Promise.all(
				msg.members.slice(i, i + 50).map(({ url, auth }) => {
					const s = io(url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true });
					// One batch may carry several commands' events (committed together): a receipt for each seq.
					s.on('events', (b: { fromSeq: number; seq: number }) => {
						const now = clock();
						for (let seq = b.fromSeq + 1; seq <= b.seq; seq++) {
							receive(receipts, `v:${seq}`, now);
							if (counted(now)) delivered++;
						}
					});
					sockets.push(s);
					return new Promise<void>((resolve, reject) => {
						s.once('connect', () => resolve());
						s.once('connect_error', reject);
					});
				})
			);
		// Edits carry their room and number: ⟦room:n⟧.
		for (const { r, people } of msg.rooms)
			await Promise.all(
				people.map((b, k) => {
					const p = new WebsocketProvider(b.url, b.room, new Y.Doc(), { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: b.params, disableBc: true });
					p.awareness.setLocalStateField('user', { name: `参加者${r}-${k}`, color: '#1d4e89' });
					providers.push({ r, p });
					if (k > 0) {
						const seen = new Set<string>();
						p.doc.getText('text').observe((ev) => {
							const now = clock();
							for (const d of ev.delta) {
								if (typeof d.insert !== 'string') continue;
								for (const m of d.insert.matchAll(/⟦(\d+:\d+)⟧/g)) {
									if (seen.has(m[1])) continue;
									seen.add(m[1]);
									receive(receipts, `e:${m[1]}`, now);
									if (counted(now)) delivered++;
								}
							}
						});
					}
					return new Promise<void>((resolve) => (p.synced ? resolve() : p.once('sync', () => resolve())));
				})
			);
		return { members: sockets.length, boards: providers.length };
	},

	async run(msg: {
		startAt: number;
		warmupMs: number;
		seconds: number;
		votesPerS: number;
		/** Where in its interval this worker's votes fall (0–1), and how keystrokes arrive (bench/lib/workers.ts). */
		voteOffset: number;
		arrivals: Arrivals;
		questionIds: string[];
		editMs: number;
		cursorMs: number;
		drainMs: number;
	}) {
		const measureFrom = msg.startAt + msg.warmupMs;
		const end = measureFrom + msg.seconds * 1000;
		window = { from: measureFrom, to: end };
		const loop = monitorEventLoopDelay({ resolution: 5 });
		const sentVotes: [string, number][] = [];
		const sentEdits: [string, number][] = [];
		const voter = new Voter();
		const timers: NodeJS.Timeout[] = [];
		await sleepUntil(msg.startAt);
		// Facilitators (the first board connection of each room) type; staggered, room r's keystrokes
		// fall r/30 into the interval (people do not press keys in step), lockstep all at once.
		const writers = providers.filter(({ r }, i) => i === 0 || providers[i - 1].r !== r);
		const rooms = Math.max(1, ...writers.map(({ r }) => r + 1));
		for (const { r, p } of writers) {
			let n = 0;
			const type = () => {
				const key = `${r}:${n++}`;
				if (clock() >= measureFrom) sentEdits.push([`e:${key}`, clock()]);
				const text = p.doc.getText('text');
				text.insert(text.length, `\n● 意見 ⟦${key}⟧`);
			};
			const delay = msg.arrivals === 'staggered' ? ((r % rooms) / rooms) * msg.editMs : 0;
			timers.push(setTimeout(() => timers.push(setInterval(type, msg.editMs)), delay));
		}
		timers.push(
			setInterval(() => {
				const batch = Math.ceil(providers.length / (msg.cursorMs / 100));
				for (let i = 0; i < batch; i++) providers[Math.floor(Math.random() * providers.length)].p.awareness.setLocalStateField('cursor', { at: Math.random() });
			}, 100)
		);
		const cpuStart = { at: 0 };
		let measuring = false;
		const interval = 1000 / msg.votesPerS;
		for (let tick = 0; sockets.length && msg.votesPerS > 0; tick++) {
			const at = msg.startAt + (tick + msg.voteOffset) * interval;
			if (at >= end) break;
			await sleepUntil(at);
			if (!measuring && clock() >= measureFrom) {
				measuring = true;
				cpuStart.at = ownCpu();
				loop.enable();
			}
			const who = Math.floor(Math.random() * sockets.length);
			const inWindow = measuring;
			voter.vote(sockets[who], String(who), msg.questionIds[Math.floor(Math.random() * msg.questionIds.length)], (seq, t0) => {
				if (inWindow) sentVotes.push([`v:${seq}`, t0]);
			});
		}
		if (!measuring) {
			await sleepUntil(measureFrom);
			cpuStart.at = ownCpu();
			loop.enable();
		}
		await sleepUntil(end);
		for (const t of timers) clearInterval(t);
		const cpu = ownCpu() - cpuStart.at;
		loop.disable();
		await voter.settled();
		await quiet(msg.drainMs);
		return { sentVotes, sentEdits, receipts: receiptRows(receipts), delivered, refused: voter.refused, failed: voter.failed, cpu, loopP99: loop.percentile(99) / 1e6 };
	},

	async close() {
		for (const s of sockets) s.disconnect();
		for (const { p } of providers) p.destroy();
		return true;
	}
});
