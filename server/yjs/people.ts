/**
 * Who is on a meeting's room boards, across instances. Each instance knows its own connections
 * (each member once, else each link once, by room); with Redis it shares them through the relay,
 * a second after they change and again every minute, and an instance that stops sharing drops out
 * after three minutes. Counting merges every instance's people, so the organiser's rooms figure
 * counts everyone connected whichever instance took them, and a person connected through two
 * instances counts once.
 */
import type { Logger } from '../log.js';
import type { Relay } from './relay.js';

/** One connection's place: its room (null for the summary board) and who it is. */
export interface BoardSeat {
	roomId: string | null;
	/** The member id, else `link:<linkId>`. */
	person: string;
}

const SHARE_AFTER_MS = 1000;
const REFRESH_MS = 60_000;
const TTL_MS = 3 * REFRESH_MS;

export class BoardPeople {
	private pending = new Map<string, NodeJS.Timeout>();
	private readonly refresher: NodeJS.Timeout | null;

	/**
	 * @param seats this instance's connections of a meeting
	 * @param meetings the meetings with connections on this instance
	 */
	constructor(
		private readonly relay: Relay | null,
		private readonly seats: (meetingId: string) => Iterable<BoardSeat>,
		meetings: () => Iterable<string>,
		private readonly log: Logger
	) {
		const refresh = () => {
			for (const id of meetings()) void this.share(id);
		};
		this.refresher = relay ? setInterval(refresh, REFRESH_MS) : null;
		this.refresher?.unref();
	}

	/** A connection of the meeting opened or closed here: share the change shortly (one write per burst). */
	changed(meetingId: string): void {
		if (!this.relay || this.pending.has(meetingId)) return;
		const timer = setTimeout(() => {
			this.pending.delete(meetingId);
			void this.share(meetingId);
		}, SHARE_AFTER_MS);
		timer.unref();
		this.pending.set(meetingId, timer);
	}

	/** People on each room board of the meeting, on every instance, by room id. */
	async count(meetingId: string): Promise<Map<string, number>> {
		const byRoom = this.local(meetingId);
		if (this.relay) {
			try {
				for (const other of await this.relay.readPeople(meetingId)) {
					for (const [roomId, people] of Object.entries(other)) {
						if (!Array.isArray(people)) continue;
						let set = byRoom.get(roomId);
						if (!set) byRoom.set(roomId, (set = new Set()));
						for (const p of people) if (typeof p === 'string') set.add(p);
					}
				}
			} catch (err) {
				this.log.warn({ err, meetingId }, 'yjs: reading other instances\u2019 board people failed (counting this one only)');
			}
		}
		return new Map([...byRoom].map(([roomId, set]) => [roomId, set.size]));
	}

	/** Stops sharing (the entries expire on their own). */
	close(): void {
		if (this.refresher) clearInterval(this.refresher);
		for (const t of this.pending.values()) clearTimeout(t);
		this.pending.clear();
	}

	private local(meetingId: string): Map<string, Set<string>> {
		const byRoom = new Map<string, Set<string>>();
		for (const { roomId, person } of this.seats(meetingId)) {
			if (!roomId) continue;
			let set = byRoom.get(roomId);
			if (!set) byRoom.set(roomId, (set = new Set()));
			set.add(person);
		}
		return byRoom;
	}

	private async share(meetingId: string): Promise<void> {
		const byRoom = Object.fromEntries([...this.local(meetingId)].map(([roomId, set]) => [roomId, [...set]]));
		try {
			await this.relay?.putPeople(meetingId, byRoom, TTL_MS);
		} catch (err) {
			this.log.warn({ err, meetingId }, 'yjs: sharing board people failed');
		}
	}
}
