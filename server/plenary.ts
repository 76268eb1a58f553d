/**
 * The plenary feed: keeps, per meeting, the shared part of every room board and the summary board,
 * and pushes changes to the display and organiser roles over socket.io. The display role only ever
 * receives items marked for sharing, minus those the organiser hid; nothing else of a room board
 * leaves this module for it (the session view carries no board text at all).
 */
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
	/** Boards updated live while the feed was loading (the loader must not overwrite them). */
	fresh: Set<string>;
	ready: Promise<void>;
}

const DOC = /^([A-Za-z0-9_-]{1,64})\/(?:room\/([A-Za-z0-9_-]{1,64})|(summary))$/;
const WATCHERS: readonly Role[] = ['organiser', 'display'];

/** Starts the feed; answers a function that stops listening. */
export function attachPlenary(deps: PlenaryDeps): () => void {
	const { io, boards, meetings, parse, log } = deps;
	const max = deps.maxMeetings ?? 500;
	const feeds = new Map<string, Feed>();

	function feedOf(meetingId: string, state: MeetingState): Feed {
		let feed = feeds.get(meetingId);
		if (feed) {
			feeds.delete(meetingId); // re-insert: most recently used last
			feeds.set(meetingId, feed);
			return feed;
		}
		const created: Feed = { rooms: new Map(), summary: [], seen: new Map(), fresh: new Set(), ready: Promise.resolve() };
		created.ready = (async () => {
			const texts = await Promise.all(sortedRooms(state).map(async (r) => [r.id, await boards.readDocText(`${meetingId}/room/${r.id}`)] as const));
			for (const [roomId, text] of texts) if (!created.fresh.has(roomId)) setRoom(created, roomId, text);
			if (!created.fresh.has('summary')) setSummary(created, await boards.readDocText(`${meetingId}/summary`));
		})().catch((err) => {
			feeds.delete(meetingId);
			throw err;
		});
		feeds.set(meetingId, created);
		while (feeds.size > max) feeds.delete(feeds.keys().next().value as string);
		return created;
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
		const hidden = new Set(state.plenary.hidden);
		return sortedRooms(state)
			.filter((r) => (only ? r.id === only : true))
			.map((r) => applyHidden(feed.rooms.get(r.id) ?? { roomId: r.id, sections: [] }, hidden, role === 'display'));
	}

	function pushRooms(meetingId: string, feed: Feed, state: MeetingState, only?: string) {
		for (const role of WATCHERS) io.to(roleRoom(meetingId, role)).emit('plenary.rooms', { full: !only, rooms: roomsFor(feed, state, role, only) });
	}

	async function onDoc(docName: string, text: string) {
		const m = DOC.exec(docName);
		if (!m) return;
		const [, meetingId, roomId, summary] = m;
		const state = await meetings.load(meetingId);
		if (!state || (roomId && !state.rooms[roomId])) return;
		const feed = feedOf(meetingId, state);
		feed.fresh.add(summary ? 'summary' : roomId);
		if (summary) {
			if (setSummary(feed, text)) for (const role of WATCHERS) io.to(roleRoom(meetingId, role)).emit('plenary.summary', feed.summary);
		} else if (setRoom(feed, roomId, text)) pushRooms(meetingId, feed, state, roomId);
	}

	const stop = boards.onDocText((docName, text) => {
		onDoc(docName, text).catch((err) => log.warn({ err, docName }, 'plenary: board update failed'));
	});

	meetings.onCommitted((meetingId: string, events: LoggedEvent[], state: MeetingState) => {
		const feed = feeds.get(meetingId);
		if (!feed) return;
		const removed = events.filter((e) => e.event.type === 'room.removed').map((e) => (e.event as { id: string }).id);
		for (const id of removed) {
			feed.rooms.delete(id);
			feed.seen.delete(id);
		}
		if (removed.length || events.some((e) => e.event.type === 'plenary.itemHidden' || e.event.type === 'room.added' || e.event.type === 'room.updated'))
			pushRooms(meetingId, feed, state);
	});

	io.on('connection', (socket) => {
		socket.on('plenary.sync', async (ack) => {
			if (typeof ack !== 'function') return;
			try {
				const { meetingId, role } = socket.data;
				if (!WATCHERS.includes(role)) return ack(refuse('not_allowed'));
				const state = await meetings.load(meetingId);
				if (!state) return ack(refuse('not_found'));
				const feed = feedOf(meetingId, state);
				await feed.ready;
				const snapshot: PlenarySnapshot = { rooms: roomsFor(feed, state, role), summary: feed.summary };
				ack(snapshot);
			} catch (err) {
				log.error({ err }, 'plenary: sync failed');
				ack(refuse('internal'));
			}
		});
	});

	return stop;
}
