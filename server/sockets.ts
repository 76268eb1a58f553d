/**
 * socket.io: authenticates the handshake (cookie or token), sends the role's view, runs commands
 * through `Meetings.execute`, and fans committed events out to per-role rooms.
 */
import { Server as EngineServer, type Socket as EngineSocket } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import { personalAudience, visibleEvent } from '../src/lib/shared/meeting/access.js';
import { parseCommand } from '../src/lib/shared/meeting/commands.js';
import { ROLES, type MeetingState, type Role } from '../src/lib/shared/meeting/types.js';
import type { LoggedEvent } from '../src/lib/shared/meeting/events.js';
import { refuse } from '../src/lib/shared/errors.js';
import {
	PROTOCOL_VERSION,
	type ClientToServerEvents,
	type HandshakeAuth,
	type InterServerEvents,
	type ServerToClientEvents,
	type SocketData
} from '../src/lib/shared/protocol.js';
import { LIMITS } from '../src/lib/shared/schemas.js';
import { actorFor, cookieName, hashToken, parseCookies, type Auth } from './auth.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Meetings } from './meetings.js';
import { originOf } from './http/io.js';
import { isSameOrigin } from './http/origin.js';
import { isStoreUnavailable } from './storage/unavailable.js';
import { MEMBER_ROLES } from '../src/lib/shared/meeting/roles.js';
import { sessionView } from './views.js';

export type YoriaiServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type YoriaiSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Beyond this many missed events a reconnecting client gets a full view instead. */
const CATCH_UP_MAX = 500;
export const roleRoom = (meetingId: string, role: Role) => `m:${meetingId}:r:${role}`;
export const linkRoom = (linkId: string) => `l:${linkId}`;
/** A member's own sockets, by the role their token acts as. */
export const memberRoom = (memberId: string, role: Role) => `u:${memberId}:${role}`;

export interface SocketDeps {
	config: Config;
	meetings: Meetings;
	auth: Auth;
	log: Logger;
	now: () => number;
	/**
	 * Batches other instances commit (with Redis: published by the append script itself, one message
	 * per commit, in log order); this instance redacts them for its own sockets.
	 */
	remoteCommits?: (listener: (meetingId: string, events: LoggedEvent[]) => void) => Promise<() => Promise<void>>;
}

/** Largest engine.io payload: a board frame at its limit, base64 over long-polling, plus headroom. */
export const ENGINE_MAX_BYTES = Math.ceil((LIMITS.yjsMessageBytes * 4) / 3) + 64 * 1024;

/** socket.io's transport layer, driven by the one request and upgrade dispatcher (realtime.ts). */
export function createEngine(): EngineServer {
	// Board frames (the Yjs fallback) may be up to LIMITS.yjsMessageBytes, base64-encoded (4/3) over
	// long-polling; meeting messages are JSON text and keep their own, smaller limit below.
	const engine = new EngineServer({ maxHttpBufferSize: ENGINE_MAX_BYTES, transports: ['polling', 'websocket'], allowUpgrades: true });
	engine.on('connection', (conn: EngineSocket) => {
		conn.on('packet', (packet: { type: string; data?: unknown }) => {
			if (packet.type === 'message' && typeof packet.data === 'string' && packet.data.length > LIMITS.messageBytes) conn.close();
		});
	});
	return engine;
}

/**
 * Creates the socket.io server on `engine` (path /socket.io/; the dispatcher hands it its requests
 * and upgrades, so no other handler ever sees them).
 */
export function createSockets(engine: EngineServer, deps: SocketDeps): YoriaiServer & { stopRemoteCommits(): Promise<void> } {
	const { meetings, auth, log } = deps;
	const io: YoriaiServer = new Server({ path: '/socket.io/', serveClient: false });
	io.bind(engine);

	io.use(async (socket, next) => {
		try {
			const hs = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
			if (hs.protocol !== PROTOCOL_VERSION) return next(codeError('protocol_outdated'));
			if (typeof hs.meetingId !== 'string' || hs.meetingId.length > 64) return next(codeError('invalid'));
			let token = typeof hs.token === 'string' ? hs.token : null;
			if (!token && typeof hs.role === 'string' && (ROLES as readonly string[]).includes(hs.role)) {
				// The session cookie counts only from our own pages (an explicit token counts from anywhere).
				if (!isSameOrigin(socket.handshake.headers, deps.config.publicUrl)) return next(codeError('not_allowed'));
				const raw = parseCookies(socket.handshake.headers.cookie)[cookieName(hs.meetingId, hs.role)];
				token = raw ? auth.unsign(raw) : null;
			}
			if (!token) return next(codeError('unauthorized'));
			const found = await meetings.authenticate(token);
			if (!found || found.record.meetingId !== hs.meetingId) return next(codeError('unauthorized'));
			socket.data = {
				meetingId: found.record.meetingId,
				role: found.actor.role,
				memberId: found.actor.memberId,
				roomId: found.actor.roomId,
				linkId: found.actor.linkId,
				tokenHash: hashToken(token)
			};
			next();
		} catch (err) {
			log.error({ err }, 'socket auth failed');
			next(codeError(refusalFor(err).code));
		}
	});

	io.on('connection', (socket) => {
		const { meetingId, role, linkId, memberId } = socket.data;
		const origin = originOf(socket.request, deps.config.publicUrl);
		// Handlers first, before any await: an event sent right on `connect` must find its handler.
		// Every handler owns its errors: a failed store read answers a coded refusal, never a crash.
		const currentView = async () => {
			const state = await meetings.load(meetingId);
			// Token records never change (revocation lives in the state), so the claims taken at the
			// handshake are re-checked against fresh state without another store read.
			const actor = state && actorFor(socket.data, state);
			return actor ? sessionView(state, actor, auth, origin, deps.now()) : null;
		};

		socket.on('command', async (raw, ack) => {
			if (typeof ack !== 'function') return;
			try {
				const parsed = parseCommand(raw);
				if (!parsed.ok) return ack(parsed);
				const reply = await meetings.execute(socket.data, parsed.command);
				if (reply.ok && parsed.command.type === 'link.create' && typeof reply.result?.token === 'string')
					reply.result.url = `${origin}/j/${reply.result.token}`;
				ack(reply);
			} catch (err) {
				if (isStoreUnavailable(err)) log.warn({ err: (err as Error).message, meetingId }, 'command refused: store unavailable');
				else log.error({ err, meetingId }, 'command failed');
				ack(refusalFor(err));
			}
		});
		socket.on('clock.ping', (ack) => {
			if (typeof ack === 'function') ack(deps.now());
		});
		socket.on('resync', async (ack) => {
			if (typeof ack !== 'function') return;
			try {
				ack((await currentView()) ?? refuse('unauthorized'));
			} catch (err) {
				log.warn({ err, meetingId }, 'resync failed');
				ack(refusalFor(err));
			}
		});

		// A reconnecting client that says where its replica is gets only the events it missed;
		// anyone else (or one too far behind) gets the full view.
		const since = (socket.handshake.auth as Partial<HandshakeAuth>).sinceSeq;
		const welcome = async () => {
			await socket.join([roleRoom(meetingId, role), linkRoom(linkId), ...(memberId ? [memberRoom(memberId, role)] : [])]);
			const caughtUp = typeof since === 'number' && Number.isInteger(since) && since > 0 ? await catchUp(since) : false;
			if (caughtUp) return;
			const first = await currentView();
			if (!first) {
				socket.emit('revoked');
				socket.disconnect(true);
				return;
			}
			socket.emit('view', first);
		};
		welcome().catch((err) => {
			// The client asks again with `resync` (its periodic re-sync, or on reconnect).
			log.warn({ err, meetingId }, 'could not send the first view');
			socket.emit('unavailable');
		});

		async function catchUp(sinceSeq: number): Promise<boolean> {
			const state = await meetings.load(meetingId);
			if (!state || sinceSeq > state.seq || state.seq - sinceSeq > CATCH_UP_MAX) return false;
			const actor = actorFor(socket.data, state);
			if (!actor) return false;
			const missed = await meetings.eventsAfter(meetingId, sinceSeq, state.seq);
			const events = missed.map((e) => visibleEvent(e, actor)).filter((e) => e !== null);
			socket.emit('events', { fromSeq: sinceSeq, seq: state.seq, events });
			return true;
		}
	});

	/**
	 * Sends one committed batch to this instance's own sockets: each role's copy (computed only for
	 * roles with sockets here, encoded once per distinct payload), and each personal audience's own.
	 */
	function fanOutLocal(meetingId: string, events: LoggedEvent[], state: MeetingState) {
		// The batch's own span (the state may already be further on when the batch came from another instance).
		const fromSeq = events[0].seq - 1;
		const seq = events[events.length - 1].seq;
		const rooms = io.of('/').adapter.rooms;
		const here = (room: string) => (rooms.get(room)?.size ?? 0) > 0;
		// Members whose view differs from their role's (an anonymous author, a voter) get their own
		// copy, redacted for the role their token acts as (the one authorisation uses), never for the
		// roster role an organiser may have changed since.
		const personal = [...new Set(events.flatMap(personalAudience))].filter((m) => state.members[m]);
		const byPayload = new Map<string, { rooms: string[]; except: string[]; events: LoggedEvent[] }>();
		for (const role of ROLES) {
			if (!here(roleRoom(meetingId, role))) continue;
			const visible = events.map((e) => visibleEvent(e, { role, memberId: null })).filter((e) => e !== null);
			const mayHoldMembers = role !== 'organiser' && MEMBER_ROLES.includes(role);
			const key = JSON.stringify(visible);
			const group = byPayload.get(key) ?? { rooms: [], except: [], events: visible };
			group.rooms.push(roleRoom(meetingId, role));
			if (mayHoldMembers) group.except.push(...personal.map((m) => memberRoom(m, role)));
			byPayload.set(key, group);
		}
		for (const g of byPayload.values()) io.local.to(g.rooms).except(g.except).emit('events', { fromSeq, seq, events: g.events });
		for (const role of ROLES.filter((r) => r !== 'organiser' && MEMBER_ROLES.includes(r)))
			for (const m of personal) {
				if (!here(memberRoom(m, role))) continue;
				const own = events.map((e) => visibleEvent(e, { role, memberId: m })).filter((e) => e !== null);
				io.local.to(memberRoom(m, role)).emit('events', { fromSeq, seq, events: own });
			}
	}

	// Other instances committed a batch: one message per commit, redacted here for our own sockets.
	const stopRemote = deps.remoteCommits?.((meetingId, events) => {
		meetings
			.applyRemote(meetingId, events)
			// A meeting that left this instance's memory while its people are still connected here is read again.
			.then(async (state) => state ?? (ROLES.some((role) => io.of('/').adapter.rooms.has(roleRoom(meetingId, role))) ? await meetings.load(meetingId) : null))
			.then((state) => state && fanOutLocal(meetingId, events, state))
			.catch((err) => deps.log.warn({ err, meetingId }, 'sockets: a batch from another instance could not be fanned out'));
	});

	meetings.onCommitted((meetingId, events, state) => {
		fanOutLocal(meetingId, events, state);
		for (const e of events) {
			if (e.event.type === 'link.revoked') {
				io.to(linkRoom(e.event.id)).emit('revoked');
				io.in(linkRoom(e.event.id)).disconnectSockets(true);
			}
			if (e.event.type === 'member.removed') {
				const { id, former } = e.event;
				for (const role of ROLES) {
					// Merged: the copy's sessions act as the kept entry and get its personal copies. Removed: they stop.
					if (former.mergedInto) io.in(memberRoom(id, role)).socketsJoin(memberRoom(former.mergedInto, role));
					else {
						io.to(memberRoom(id, role)).emit('revoked');
						io.in(memberRoom(id, role)).disconnectSockets(true);
					}
				}
			}
			if (e.event.type === 'room.removed') {
				for (const link of Object.values(state.links)) if (link.roomId === e.event.id) io.in(linkRoom(link.id)).disconnectSockets(true);
			}
		}
	});

	return Object.assign(io, { stopRemoteCommits: async () => (await stopRemote)?.() });
}

/** The refusal for an error thrown while serving a socket event: `unavailable` when the store is down. */
function refusalFor(err: unknown) {
	return refuse(isStoreUnavailable(err) ? 'unavailable' : 'internal');
}

function codeError(code: string): Error {
	return Object.assign(new Error(code), { data: { code } });
}

