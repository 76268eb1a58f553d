/**
 * socket.io: authenticates the handshake (cookie or token), sends the role's view, runs commands
 * through `Meetings.execute`, and fans committed events out to per-role rooms.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { personalAudience, visibleEvent } from '../src/lib/shared/meeting/access.js';
import { parseCommand } from '../src/lib/shared/meeting/commands.js';
import { ROLES, type Role } from '../src/lib/shared/meeting/types.js';
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
import { sessionView } from './views.js';

export type YoriaiServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type YoriaiSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Beyond this many missed events a reconnecting client gets a full view instead. */
const CATCH_UP_MAX = 500;
export const roleRoom = (meetingId: string, role: Role) => `m:${meetingId}:r:${role}`;
export const linkRoom = (linkId: string) => `l:${linkId}`;
export const memberRoom = (memberId: string) => `u:${memberId}`;

export interface SocketDeps {
	config: Config;
	meetings: Meetings;
	auth: Auth;
	log: Logger;
	now: () => number;
}

/** Creates the socket.io server on `httpServer` (path /socket.io/). */
export function createSockets(httpServer: HttpServer, deps: SocketDeps): YoriaiServer {
	const { meetings, auth, log } = deps;
	const io: YoriaiServer = new Server(httpServer, {
		path: '/socket.io/',
		maxHttpBufferSize: LIMITS.messageBytes,
		// The y-websocket server shares this HTTP server: leave upgrades on other paths alone.
		destroyUpgrade: false,
		serveClient: false,
		connectionStateRecovery: undefined
	});

	io.use(async (socket, next) => {
		try {
			const hs = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
			if (hs.protocol !== PROTOCOL_VERSION) return next(Object.assign(new Error('protocol_outdated'), { data: { code: 'protocol_outdated' } }));
			if (typeof hs.meetingId !== 'string' || hs.meetingId.length > 64) return next(codeError('invalid'));
			let token = typeof hs.token === 'string' ? hs.token : null;
			if (!token && typeof hs.role === 'string' && (ROLES as readonly string[]).includes(hs.role)) {
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
			next(codeError('internal'));
		}
	});

	io.on('connection', async (socket) => {
		const { meetingId, role, linkId, memberId } = socket.data;
		await socket.join([roleRoom(meetingId, role), linkRoom(linkId), ...(memberId ? [memberRoom(memberId)] : [])]);
		const origin = originOf(socket.request, deps.config.publicUrl);

		const currentView = async () => {
			const state = await meetings.load(meetingId);
			// Token records never change (revocation lives in the state), so the claims taken at the
			// handshake are re-checked against fresh state without another store read.
			const actor = state && actorFor(socket.data, state);
			return actor ? sessionView(state, actor, auth, origin, deps.now()) : null;
		};
		// A reconnecting client that says where its replica is gets only the events it missed;
		// anyone else (or one too far behind) gets the full view.
		const since = (socket.handshake.auth as Partial<HandshakeAuth>).sinceSeq;
		const caughtUp = typeof since === 'number' && Number.isInteger(since) && since > 0 ? await catchUp(since) : false;
		if (!caughtUp) {
			const first = await currentView();
			if (!first) {
				socket.emit('revoked');
				socket.disconnect(true);
				return;
			}
			socket.emit('view', first);
		}

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
				log.error({ err }, 'command failed');
				ack(refuse('internal'));
			}
		});
		socket.on('clock.ping', (ack) => {
			if (typeof ack === 'function') ack(deps.now());
		});
		socket.on('resync', async (ack) => {
			if (typeof ack !== 'function') return;
			const view = await currentView().catch(() => null);
			ack(view ?? refuse('unauthorized'));
		});
	});

	meetings.onCommitted((meetingId, events, state) => {
		const seq = state.seq;
		const fromSeq = events[0].seq - 1;
		// Members whose view differs from their role's (an anonymous author, a voter) get their own copy.
		const personal = [...new Set(events.flatMap(personalAudience))].filter((m) => state.members[m]);
		const except = personal.map(memberRoom);
		for (const role of ROLES) {
			const visible = events.map((e) => visibleEvent(e, { role, memberId: null })).filter((e) => e !== null);
			io.to(roleRoom(meetingId, role)).except(except).emit('events', { fromSeq, seq, events: visible });
		}
		for (const memberId of personal) {
			const viewer = { role: state.members[memberId].role, memberId };
			const visible = events.map((e) => visibleEvent(e, viewer)).filter((e) => e !== null);
			io.to(memberRoom(memberId)).emit('events', { fromSeq, seq, events: visible });
		}
		for (const e of events) {
			if (e.event.type === 'link.revoked') {
				io.to(linkRoom(e.event.id)).emit('revoked');
				io.in(linkRoom(e.event.id)).disconnectSockets(true);
			}
			if (e.event.type === 'room.removed') {
				for (const link of Object.values(state.links)) if (link.roomId === e.event.id) io.in(linkRoom(link.id)).disconnectSockets(true);
			}
		}
	});

	return io;
}

function codeError(code: string): Error {
	return Object.assign(new Error(code), { data: { code } });
}

