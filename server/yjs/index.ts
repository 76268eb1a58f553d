/**
 * The notes endpoint: our own y-websocket server at /yjs/<meetingId>/room/<roomId> and
 * /yjs/<meetingId>/summary (the board is the Y.Text `text`). Access is decided before the upgrade
 * (admission.ts) and re-checked whenever the meeting's links, rooms or roster change: a revoked link
 * or a removed room closes its connections. Documents live in docs.ts, connections in
 * connection.ts; with REDIS_URL, relay.ts carries updates, presence and access changes between
 * instances. Other features read boards through `onRoomText` / `readRoomText`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import type { EventType } from '../../src/lib/shared/meeting/slices.js';
import type { MeetingState } from '../../src/lib/shared/meeting/types.js';
import { roomDocName, summaryDocName } from '../../src/lib/shared/notes/access.js';
import { YJS_CLOSE } from '../../src/lib/shared/notes/wire.js';
import { LIMITS } from '../../src/lib/shared/schemas.js';
import { actorFor, type Auth } from '../auth.js';
import type { Logger } from '../log.js';
import type { Meetings } from '../meetings.js';
import type { Store } from '../storage/types.js';
import { accessNow, admit, presenceName, upgradeRequest, type Admission, type BoardRequest } from './admission.js';
import { attachBoardNamespace } from './socketio.js';
import type { YoriaiServer } from '../sockets.js';
import { Connection, WsLink, type BoardLink, type ConnectionContext, type YjsStats } from './connection.js';
import { DocRegistry, DocUnavailable, type DocEntry } from './docs.js';
import { openRedisRelay, type Relay } from './relay.js';
import { BoardPeople } from './people.js';

export interface YjsDeps {
	meetings: Meetings;
	auth: Auth;
	store: Store;
	log: Logger;
	publicUrl?: string | null;
	/** With a Redis URL, boards are relayed between instances. */
	redisUrl?: string | null;
	/** Tuning, mostly for tests. */
	options?: { compactEvery?: number; unloadDelayMs?: number; heartbeatMs?: number };
}

export interface YjsServer {
	/** Called (at most every ~250 ms per board) after a room board changed on this instance. */
	onRoomText(listener: (meetingId: string, roomId: string, text: string) => void): () => void;
	/** The current text of a room board (from memory or the store). */
	readRoomText(meetingId: string, roomId: string): Promise<string>;
	/** Like onRoomText for every board, by doc name (`<meetingId>/room/<roomId>` or `<meetingId>/summary`). */
	onDocText(listener: (docName: string, text: string) => void): () => void;
	readDocText(docName: string): Promise<string>;
	/** People connected to each room board of a meeting on every instance (each member, else each link, once), by room id. */
	connectedPeople(meetingId: string): Promise<Map<string, number>>;
	/** Meetings with at least one board connection on this instance. */
	connectedMeetings(): string[];
	/** Appends one line at the end of a board as the server (reader comments); resolves once stored. */
	appendLine(docName: string, line: string): Promise<void>;
	stats(): YjsStats & { docs: number };
	/** Serves the same boards over socket.io (namespace `/yjs/<doc>`), for networks without WebSockets. */
	attachFallback(io: YoriaiServer): void;
	/** Takes a WebSocket upgrade on /yjs/… (the dispatcher in realtime.ts routes them here). */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
	/**
	 * Purges every board of a meeting (retention): closes their connections (4410), unloads them and
	 * deletes their updates from the store. Call after the purge is recorded, so nobody reconnects.
	 * Answers how many boards the store held.
	 */
	purgeMeeting(meetingId: string): Promise<number>;
	/** Closes every connection (1001), flushes and unloads every board. */
	close(): Promise<void>;
}

type AdmittedBoard = Extract<Admission, { ok: true }>;

/** Events after which open connections are checked again. */
const ACCESS_EVENTS = new Set<EventType>(['link.revoked', 'room.removed', 'room.updated', 'member.added', 'member.updated', 'member.assigned', 'privacy.purged']);
const ROOM_DOC = /^([A-Za-z0-9_-]+)\/room\/([A-Za-z0-9_-]+)$/;

/** Creates the endpoint; its upgrades come from the dispatcher (`handleUpgrade`). */
export async function attachYjs(deps: YjsDeps): Promise<YjsServer> {
	const { meetings, log } = deps;
	const relay: Relay | null = deps.redisUrl ? await openRedisRelay(deps.redisUrl, log) : null;
	const registry = new DocRegistry({ store: deps.store, log, relay, compactEvery: deps.options?.compactEvery, unloadDelayMs: deps.options?.unloadDelayMs });
	const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.yjsMessageBytes + 64 * 1024 });
	const stats: YjsStats = { connections: 0, droppedReaderUpdates: 0, closedTooLarge: 0, closedMalformed: 0, refusedBoardFull: 0, appliedUpdates: 0 };
	const byMeeting = new Map<string, Set<Connection>>();
	let closing = false;

	const people = new BoardPeople(
		relay,
		function* (meetingId) {
			for (const c of byMeeting.get(meetingId) ?? []) yield { roomId: c.info.roomId, person: c.info.record.memberId ?? `link:${c.info.record.linkId}` };
		},
		() => byMeeting.keys(),
		log
	);

	const forget = (c: Connection) => {
		const set = byMeeting.get(c.info.meetingId);
		set?.delete(c);
		if (set && !set.size) byMeeting.delete(c.info.meetingId);
		people.changed(c.info.meetingId);
	};

	/** Admission with the store's failures answered as 503, for both transports. */
	async function admitBoard(request: BoardRequest): Promise<Admission | { ok: false; status: 503 }> {
		if (closing) return { ok: false, status: 503 };
		try {
			return await admit(request, { meetings, auth: deps.auth, publicUrl: deps.publicUrl ?? null });
		} catch (err) {
			log.warn({ err: (err as Error).message }, 'yjs: admission failed (store unavailable?)');
			return { ok: false, status: 503 };
		}
	}

	/** Loads (or holds) the admitted board; null when it cannot be loaded now (answer 503 / 1013). */
	async function acquireBoard(docName: string): Promise<DocEntry | null> {
		try {
			return await registry.acquire(docName);
		} catch (err) {
			if (!(err instanceof DocUnavailable)) log.error({ err }, 'yjs: acquire failed');
			return null;
		}
	}

	const context: ConnectionContext = { registry, stats, log, maxMessageBytes: LIMITS.yjsMessageBytes, onClose: forget };

	/** Starts the one board connection logic on an admitted transport (the entry is held for it). */
	function openConnection(link: BoardLink, entry: DocEntry, admission: AdmittedBoard): void {
		const { meetingId, role, linkId, roomId, memberId } = admission.record;
		const conn = new Connection(
			link,
			entry,
			{ meetingId: admission.meetingId, roomId: admission.roomId, record: { meetingId, role, linkId, roomId, memberId }, role: admission.actor.role, access: admission.access, name: admission.name },
			context
		);
		let set = byMeeting.get(admission.meetingId);
		if (!set) byMeeting.set(admission.meetingId, (set = new Set()));
		set.add(conn);
		people.changed(admission.meetingId);
		conn.start();
	}

	async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
		const reject = (status: number) => {
			const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
			if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
		};
		const admission = await admitBoard(upgradeRequest(req));
		if (!admission.ok) return reject(admission.status);
		const entry = await acquireBoard(admission.docName);
		if (!entry) return reject(503);
		if (socket.destroyed) return registry.release(entry); // the client left while the board loaded
		// Released if the client leaves before the upgrade completes; the listener goes once it does
		// (kept, it would hold this request's closure for the connection's whole life).
		const leftEarly = () => registry.release(entry);
		socket.once('close', leftEarly);
		wss.handleUpgrade(req, socket, head, (ws) => {
			socket.off('close', leftEarly);
			openConnection(new WsLink(ws, log), entry, admission);
		});
	}

	const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		onUpgrade(req, socket, head).catch((err) => {
			log.error({ err }, 'yjs: upgrade failed');
			socket.destroy();
		});
	};

	/** Checks every connection of a meeting against its current state. */
	function recheck(meetingId: string, state: MeetingState) {
		if (state.privacy.purgedAt !== null) {
			// Purged on this instance or another: nothing of these boards may stay open or in memory here.
			for (const c of [...(byMeeting.get(meetingId) ?? [])]) c.close(YJS_CLOSE.purged);
			void registry.unloadPrefix(`${meetingId}/`).catch((err) => log.warn({ err, meetingId }, 'yjs: unloading purged boards failed'));
			return;
		}
		for (const c of [...(byMeeting.get(meetingId) ?? [])]) {
			if (c.info.roomId && !state.rooms[c.info.roomId]) {
				c.close(YJS_CLOSE.roomRemoved);
				continue;
			}
			const actor = actorFor(c.info.record, state);
			const access = actor ? accessNow(state, actor, c.info.roomId) : 'none';
			if (!actor || access === 'none') {
				c.close(YJS_CLOSE.revoked);
				continue;
			}
			c.info = { ...c.info, access, name: presenceName(state, actor) };
		}
	}

	meetings.onCommitted((meetingId: string, events: LoggedEvent[], state: MeetingState) => {
		// A rehearsal reset that asks for it empties every board of the meeting (the change reaches every instance through the relay).
		if (events.some((e) => e.event.type === 'agenda.reset' && e.event.clearBoards)) {
			const docs = [...Object.keys(state.rooms).map((r) => roomDocName(meetingId, r)), summaryDocName(meetingId)];
			void Promise.all(docs.map((d) => registry.clearText(d))).catch((err) => log.warn({ err, meetingId }, 'yjs: clearing the boards after a rehearsal failed'));
		}
		if (!events.some((e) => ACCESS_EVENTS.has(e.event.type))) return;
		recheck(meetingId, state);
		relay?.publishControl(meetingId);
	});
	relay?.onControl((meetingId) => {
		if (!byMeeting.has(meetingId)) return;
		meetings
			.load(meetingId)
			.then((state) => state && recheck(meetingId, state))
			.catch((err) => log.warn({ err }, 'yjs: access re-check failed'));
	});

	const heartbeat = setInterval(() => {
		for (const set of byMeeting.values()) for (const c of [...set]) c.heartbeat();
	}, deps.options?.heartbeatMs ?? 30_000);
	heartbeat.unref();

	return {
		onRoomText(fn) {
			return registry.onText((docName, text) => {
				const m = ROOM_DOC.exec(docName);
				if (m) fn(m[1], m[2], text);
			});
		},
		readRoomText(meetingId, roomId) {
			return registry.readText(roomDocName(meetingId, roomId));
		},
		onDocText: (fn) => registry.onText(fn),
		readDocText: (docName) => registry.readText(docName),
		connectedPeople: (meetingId) => people.count(meetingId),
		connectedMeetings: () => [...byMeeting.keys()],
		appendLine: (docName, line) => registry.appendLine(docName, line),
		stats: () => ({ ...stats, docs: registry.size }),
		handleUpgrade,
		async purgeMeeting(meetingId) {
			for (const c of [...(byMeeting.get(meetingId) ?? [])]) c.close(YJS_CLOSE.purged);
			const prefix = `${meetingId}/`;
			await registry.unloadPrefix(prefix);
			const purged = await deps.store.purgeDocs(prefix);
			// A read (the plenary feed, the minutes) may have loaded a board again meanwhile: once more.
			await registry.unloadPrefix(prefix);
			await deps.store.purgeDocs(prefix);
			return purged;
		},
		attachFallback: (io) => attachBoardNamespace(io, { admit: admitBoard, acquire: acquireBoard, release: (e) => registry.release(e), open: openConnection, log }),
		async close() {
			closing = true;
			clearInterval(heartbeat);
			people.close();
			for (const set of [...byMeeting.values()]) for (const c of [...set]) c.close(YJS_CLOSE.goingAway);
			await registry.close();
			await new Promise<void>((r) => wss.close(() => r()));
			await relay?.close();
		}
	};
}
