/**
 * A load-generator worker for the votes load (bench/lib/votes-load.ts): holds its share of the
 * clients, sends the votes of the meetings it is given at the given rate from its own clients, and
 * records when each of its clients received each vote (bench/lib/workers.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { clock, ownCpu, quiet, receiptRows, receive, serveWorker, sleepUntil, Voter, type Arrivals, type Receipts } from './workers.js';

interface Client {
	url: string;
	auth: Record<string, unknown>;
	meeting: number;
}

const sockets: { s: Socket; meeting: number }[] = [];
const receipts: Receipts = new Map();
let window = { from: Infinity, to: -Infinity };
let delivered = 0;

serveWorker({
	/** Connects the clients (50 at a time). */
	async connect(msg: { clients: Client[] }) {
		for (let i = 0; i < msg.clients.length; i += 50) {
			await Promise.all(
				msg.clients.slice(i, i + 50).map(({ url, auth, meeting }) => {
					const s = io(url, { path: '/socket.io/', transports: ['websocket'], auth, reconnection: false, forceNew: true });
					// One batch may carry several commands' events (committed together): a receipt for each seq.
					s.on('events', (b: { fromSeq: number; seq: number }) => {
						const now = clock();
						const counted = now >= window.from && now <= window.to;
						for (let seq = b.fromSeq + 1; seq <= b.seq; seq++) {
							receive(receipts, `${meeting}:${seq}`, now);
							if (counted) delivered++;
						}
					});
					sockets.push({ s, meeting });
					return new Promise<void>((resolve, reject) => {
						s.once('connect', () => resolve());
						s.once('connect_error', (e) => reject(e));
					});
				})
			);
		}
		return sockets.length;
	},

	/**
	 * From `startAt` (clock) for warm-up plus `seconds`: in each meeting of `votesIn`, `rate` votes per
	 * second, each from a random client of this worker in that meeting, toggling its vote. Votes sent
	 * after the warm-up are measured. Answers what was sent and received once the last answers and
	 * broadcasts are in.
	 */
	async run(msg: {
		startAt: number;
		warmupMs: number;
		seconds: number;
		rate: number;
		votesIn: number[];
		/** All the run's meetings (for the stagger) and how votes arrive across them. */
		meetings: number;
		arrivals: Arrivals;
		questions: Record<number, string[]>;
		drainMs: number;
	}) {
		const own = new Map<number, Socket[]>();
		for (const { s, meeting } of sockets) own.set(meeting, [...(own.get(meeting) ?? []), s]);
		const measureFrom = msg.startAt + msg.warmupMs;
		const end = measureFrom + msg.seconds * 1000;
		window = { from: measureFrom, to: end };
		const loop = monitorEventLoopDelay({ resolution: 5 });
		const sent: [string, number][] = [];
		const voter = new Voter();
		let cpuStart = 0;
		let measuring = false;
		await sleepUntil(msg.startAt);
		const interval = 1000 / msg.rate;
		const startMeasuring = () => {
			if (measuring || clock() < measureFrom) return;
			measuring = true;
			cpuStart = ownCpu();
			loop.enable();
		};
		// Each meeting votes on its own schedule: `staggered` offsets meeting mi by mi/M of the interval
		// (independent meetings do not vote in step), `lockstep` sends every meeting's vote at one instant.
		const offset = (mi: number) => (msg.arrivals === 'staggered' ? (mi / msg.meetings) * interval : 0);
		await Promise.all(
			msg.votesIn.map(async (mi) => {
				const clients = own.get(mi) ?? [];
				const qs = msg.questions[mi];
				for (let tick = 0; clients.length; tick++) {
					const at = msg.startAt + offset(mi) + tick * interval;
					if (at >= end) break;
					await sleepUntil(at);
					startMeasuring();
					const who = Math.floor(Math.random() * clients.length);
					const inWindow = clock() >= measureFrom;
					voter.vote(clients[who], `${mi}:${who}`, qs[Math.floor(Math.random() * qs.length)], (seq, t0) => {
						if (inWindow) sent.push([`${mi}:${seq}`, t0]);
					});
				}
			})
		);
		startMeasuring();
		await sleepUntil(end);
		const cpu = ownCpu() - cpuStart;
		loop.disable();
		await voter.settled();
		await quiet(msg.drainMs);
		return { sent, receipts: receiptRows(receipts), delivered, refused: voter.refused, failed: voter.failed, cpu, loopP99: loop.percentile(99) / 1e6 };
	},

	async close() {
		for (const { s } of sockets) s.disconnect();
		return true;
	}
});
