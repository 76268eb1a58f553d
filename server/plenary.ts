/**
 * The plenary feed: keeps, per meeting, the shared part of every room board and the summary board,
 * and pushes changes to the display and organiser roles over socket.io. The display role only ever
 * receives items marked for sharing, minus those the organiser hid; nothing else of a room board
 * leaves this module for it (the session view carries no board text at all).
 */
import type { EventType } from '../src/lib/shared/meeting/slices.js';
import type { LoggedEvent } from '../src/lib/shared/meeting/events.js';
import type { MeetingState, Role } from '../src/lib/shared/meeting/types.js';
import { sortedRooms } from '../src/lib/shared/meeting/types.js';
import type { Outline } from '../src/lib/shared/notes/outline-types.js';
import { applyHidden, projectAll, projectRoom, type PlenaryRoom, type PlenarySection, type PlenarySnapshot } from '../src/lib/shared/plenary/projection.js';
import { refuse } from '../src/lib/shared/errors.js';
import type { Logger } from './log.js';
import type { Meetings } from './meetings.js';
import { roleRoom, type YoriaiServer } from './sockets.js';

/** What the feed needs of the notes server (its Yjs boards). */
export interface BoardSource {
	onDocText(listener: (docName: string, text: string) => void): () => void;
	readDocText(docName: string): Promise<string>;
}

export interface PlenaryDeps {
	io: YoriaiServer;
	boards: BoardSource;
	meetings: Meetings;
	parse: (text: string) => Outline;
	log: Logger;
	/** Meetings whose feed is kept in memory (least recently used are dropped). */
	maxMeetings?: number;
}

interface Feed {
	/** Shared items per room, without hidden flags. */
	rooms: Map<string, PlenaryRoom>;
	summary: PlenarySection[];
	/** Serialised forms, to send nothing when a keystroke changed no shared line. */
	seen: Map<string, string>;
	/** Live updates per board, so a slower full read never overwrites a newer live update. */
	versions: Map<string, number>;
}

const DOC = /^([A-Za-z0-9_-]{1,64})\/(?:room\/([A-Za-z0-9_-]{1,64})|(summary))$/;
const WATCHERS: readonly Role[] = ['organiser', 'display'];
/** Events after which every watcher gets the whole projection again. */
const REPROJECT = new Set<EventType>(['plenary.itemHidden', 'plenary.itemCleared', 'room.added', 'room.updated', 'room.removed']);
/** Snapshots a connection may ask for (a reconnecting screen asks once; this stops a loop hammering the boards). */
const SYNC_LIMIT = { capacity: 10, refillPerSecond: 0.5 };

/** Starts the feed; answers a function that stops listening. */
export function attachPlenary(deps: PlenaryDeps): () => void {
	const { io, boards, meetings, parse, log } = deps;
	const max = deps.maxMeetings ?? 500;
	const feeds = new Map<string, Feed>();
	const queues = new Map<string, Promise<unknown>>();

	/**
	 * Runs one output task of a meeting after the previous one, each on the state as it is then:
	 * a push or a snapshot made before a hide can never reach a screen after it.
	 */
	function serial<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
		const next = (queues.get(meetingId) ?? Promise.resolve()).then(task, task);
		const tail = next.catch(() => undefined);
		queues.set(meetingId, tail);
		void tail.then(() => {
			if (queues.get(meetingId) === tail) queues.delete(meetingId);
		});
		return next;
	}

	function feedOf(meetingId: string): Feed {
		let feed = feeds.get(meetingId);
		if (feed) feeds.delete(meetingId); // re-inserted below: most recently used last
		else feed = { rooms: new Map(), summary: [], seen: new Map(), versions: new Map() };
		feeds.set(meetingId, feed);
		while (feeds.size > max) feeds.delete(feeds.keys().next().value as string);
		return feed;
	}

	/**
	 * Reads every board of the meeting again (memory or store). Used on sync and after changes of
	 * rooms or hidden items: with several instances, a board edited on another instance is only
	 * pushed by that instance, so the cache here may be behind; a full read never is.
	 */
	async function refresh(meetingId: string, state: MeetingState): Promise<Feed> {
		const feed = feedOf(meetingId);
		const names = [...sortedRooms(state).map((r) => r.id), 'summary'];
		const before = names.map((n) => feed.versions.get(n) ?? 0);
		const texts = await Promise.all(names.map((n) => boards.readDocText(n === 'summary' ? `${meetingId}/summary` : `${meetingId}/room/${n}`)));
		names.forEach((n, i) => {
			if ((feed.versions.get(n) ?? 0) !== before[i]) return; // a live update came in meanwhile
			if (n === 'summary') setSummary(feed, texts[i]);
			else setRoom(feed, n, texts[i]);
		});
		for (const id of [...feed.rooms.keys()]) if (!state.rooms[id]) feed.rooms.delete(id);
		return feed;
	}

	/** Stores a room's projection; true when its shared part changed. */
	function setRoom(feed: Feed, roomId: string, text: string): boolean {
		const room = projectRoom(roomId, parse(text));
		const json = JSON.stringify(room.sections);
		if (feed.seen.get(roomId) === json) return false;
		feed.seen.set(roomId, json);
		feed.rooms.set(roomId, room);
		return true;
	}

	function setSummary(feed: Feed, text: string): boolean {
		const sections = projectAll(parse(text));
		const json = JSON.stringify(sections);
		if (feed.seen.get('summary') === json) return false;
		feed.seen.set('summary', json);
		feed.summary = sections;
		return true;
	}

	/** The rooms as `role` may see them, in room order. */
	function roomsFor(feed: Feed, state: MeetingState, role: Role, only?: string): PlenaryRoom[] {
		const marks = { hidden: new Set(state.plenary.hidden), cleared: new Set(state.plenary.cleared ?? []) };
		return sortedRooms(state)
			.filter((r) => (only ? r.id === only : true))
			.map((r) => (r.confidential ? { roomId: r.id, sections: [] } : applyHidden(feed.rooms.get(r.id) ?? { roomId: r.id, sections: [] }, marks, role === 'display')));
	}

	function pushRooms(meetingId: string, feed: Feed, state: MeetingState, only?: string) {
		for (const role of WATCHERS) io.to(roleRoom(meetingId, role)).emit('plenary.rooms', { full: !only, rooms: roomsFor(feed, state, role, only) });
	}

	/** A board changed: `roomId` is null for the summary board. */
	async function onDoc(meetingId: string, roomId: string | null, text: string) {
		const state = await meetings.load(meetingId);
		if (!state || (roomId && !state.rooms[roomId])) return;
		const feed = feedOf(meetingId);
		const name = roomId ?? 'summary';
		feed.versions.set(name, (feed.versions.get(name) ?? 0) + 1);
		if (!roomId) {
			if (setSummary(feed, text)) for (const role of WATCHERS) io.to(roleRoom(meetingId, role)).emit('plenary.summary', feed.summary);
		} else if (setRoom(feed, roomId, text)) pushRooms(meetingId, feed, state, roomId);
	}

	const stop = boards.onDocText((docName, text) => {
		const m = DOC.exec(docName);
		if (!m) return;
		serial(m[1], () => onDoc(m[1], m[2] ?? null, text)).catch((err) => log.warn({ err, docName }, 'plenary: board update failed'));
	});

	meetings.onCommitted((meetingId: string, events: LoggedEvent[]) => {
		if (!events.some((e) => REPROJECT.has(e.event.type))) return;
		serial(meetingId, async () => {
			const state = await meetings.load(meetingId);
			if (state) pushRooms(meetingId, await refresh(meetingId, state), state);
		}).catch((err) => log.warn({ err, meetingId }, 'plenary: refresh failed'));
	});

	io.on('connection', (socket) => {
		socket.on('plenary.sync', async (ack) => {
			if (typeof ack !== 'function') return;
			try {
				const { meetingId, role } = socket.data;
				if (!WATCHERS.includes(role)) return ack(refuse('not_allowed'));
				if (!meetings.limiter.take(`plenary.sync:${socket.id}`, SYNC_LIMIT)) return ack(refuse('rate_limited'));
				const snapshot = await serial(meetingId, async (): Promise<PlenarySnapshot | null> => {
					const state = await meetings.load(meetingId);
					if (!state) return null;
					const feed = await refresh(meetingId, state);
					return { rooms: roomsFor(feed, state, role), summary: feed.summary };
				});
				ack(snapshot ?? refuse('not_found'));
			} catch (err) {
				log.error({ err }, 'plenary: sync failed');
				ack(refuse('internal'));
			}
		});
	});

	return stop;
}
