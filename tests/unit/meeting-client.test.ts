/**
 * The plain MeetingClient over an in-memory socket pair. Only socket.io's transport is faked (a
 * socket that hands packets to a server handler in this file); the server side runs the real core:
 * parseCommand → decide → reduce, with visibleState / visibleEvent per connection, as the real
 * server does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MeetingClient, type AuthCallback, type ConnectError, type MeetingSocket } from '../../src/lib/client/meeting-client.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import type { TokenGrant } from '../../src/lib/shared/meeting/command-kit.js';
import { createMeetingEvents } from '../../src/lib/shared/meeting/create.js';
import { decide } from '../../src/lib/shared/meeting/decide.js';
import { visibleEvent, visibleState } from '../../src/lib/shared/meeting/access.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import { refuse } from '../../src/lib/shared/errors.js';
import { PROTOCOL_VERSION, type CommandReply, type EventBatch, type HandshakeAuth, type SessionView } from '../../src/lib/shared/protocol.js';

const NOW = Date.parse('2021-06-04T13:00:00+09:00');
const MEETING_ID = 'meeting1';

/** Lets queued deliveries (microtasks) run; fake timers do not touch microtasks. */
async function flush(): Promise<void> {
	for (let i = 0; i < 50; i++) await Promise.resolve();
}

type Listener = (...args: any[]) => void;

/** One connection as the server sees it. */
interface Conn {
	socket: FakeSocket;
	actor: Actor;
}

/** A meeting server in memory: the real core behind a socket.io-like surface. */
class FakeServer {
	state: MeetingState;
	log: LoggedEvent[] = [];
	readonly organiserToken: string;
	/** Shared link tokens by role. */
	readonly linkTokens = {} as Record<Role, string>;
	/** The "browser's cookies": which token a handshake without a token uses, by role. */
	readonly cookies = {} as Partial<Record<Role, string>>;
	/** While true, the store is down: connections and resyncs answer `unavailable`. */
	down = false;
	/** While true, acks never come (the client's timeout has to fire). */
	silent = false;
	readonly handshakes: HandshakeAuth[] = [];
	/** `resync` asks, by client socket. */
	readonly resyncs = new Map<FakeSocket, number>();
	private readonly grants = new Map<string, TokenGrant>();
	private readonly conns = new Set<Conn>();
	private readonly drop = new Set<FakeSocket>();
	private ids = 0;
	private tokens = 0;

	constructor() {
		const created = createMeetingEvents(MEETING_ID, { title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00' }, this.ctx());
		for (const g of created.grants) this.grants.set(g.token, g);
		for (const g of created.grants) if (g.role !== 'organiser') this.linkTokens[g.role] = g.token;
		this.organiserToken = created.organiserToken;
		this.log = created.events.map((event, i) => ({ seq: i + 1, at: NOW, actor: null, event }));
		this.state = reduceAll(emptyState(MEETING_ID), this.log);
	}

	private ctx() {
		return {
			now: NOW,
			newId: () => `id${++this.ids}`,
			linkToken: (linkId: string, role: Role) => `link-${linkId}-${role}`,
			newToken: () => `tok${++this.tokens}`
		};
	}

	/** A client socket connected to this server. */
	socket(): FakeSocket {
		return new FakeSocket(this);
	}

	/** The view `actor` may see now. */
	viewFor(actor: Actor): SessionView {
		return {
			state: visibleState(this.state, actor),
			me: { role: actor.role, memberId: actor.memberId, roomId: actor.roomId, linkId: actor.linkId },
			linkUrls: {},
			serverNow: NOW
		};
	}

	/** The socket.io handshake: resolves the token (or the role's cookie), then the view or the missed events. */
	handshake(socket: FakeSocket, auth: HandshakeAuth): void {
		this.handshakes.push(auth);
		if (auth.protocol !== PROTOCOL_VERSION) return socket.refuseConnect('protocol_outdated');
		const token = auth.token ?? (auth.role ? this.cookies[auth.role] : undefined);
		const grant = token ? this.grants.get(token) : undefined;
		if (!grant || auth.meetingId !== MEETING_ID) return socket.refuseConnect('unauthorized');
		const actor: Actor = { role: grant.role, memberId: grant.memberId ?? null, linkId: grant.linkId, roomId: grant.roomId ?? null };
		const conn = { socket, actor };
		this.conns.add(conn);
		socket.accepted(conn);
		if (this.down) return socket.deliver('unavailable');
		if (auth.sinceSeq !== undefined && auth.sinceSeq <= this.state.seq) {
			const missed = this.log.filter((e) => e.seq > auth.sinceSeq!);
			if (missed.length) socket.deliver('events', this.batchFor(actor, auth.sinceSeq, missed));
			return;
		}
		socket.deliver('view', this.viewFor(actor));
	}

	leave(conn: Conn): void {
		this.conns.delete(conn);
	}

	/** parse → decide → reduce, then fan the batch out to every connection in its visible form. */
	command(actor: Actor, raw: unknown): CommandReply & { grants?: TokenGrant[] } {
		const parsed = parseCommand(raw);
		if (!parsed.ok) return parsed;
		const decision = decide(this.state, parsed.command, { actor, ...this.ctx() });
		if (!decision.ok) return decision;
		const fromSeq = this.state.seq;
		const events = decision.events.map((event, i) => ({ seq: fromSeq + i + 1, at: NOW, actor: actor.memberId ?? actor.linkId, event }));
		this.log.push(...events);
		this.state = reduceAll(this.state, events);
		for (const g of decision.grants ?? []) this.grants.set(g.token, g);
		for (const conn of this.conns) {
			if (this.drop.delete(conn.socket)) continue;
			conn.socket.deliver('events', this.batchFor(conn.actor, fromSeq, events));
		}
		return { ok: true, seq: this.state.seq, result: decision.result, grants: decision.grants };
	}

	/** What `POST …/commands` with `member.join` does for a browser: join through the role's link and set the cookie. */
	join(role: Role, name: string): CommandReply {
		const link = this.grants.get(this.cookies[role] ?? this.linkTokens[role])!;
		const reply = this.command({ role, memberId: null, linkId: link.linkId, roomId: link.roomId ?? null }, { type: 'member.join', name, organisation: '江別市社会福祉協議会' });
		if (reply.ok) this.cookies[role] = String(reply.result?.token);
		return reply;
	}

	/** Acks: `command` and `resync` as the real handlers answer them. */
	ack(conn: Conn | null, event: string, args: unknown[]): unknown {
		if (!conn) return refuse('unauthorized');
		if (event === 'resync') {
			this.resyncs.set(conn.socket, (this.resyncs.get(conn.socket) ?? 0) + 1);
			return this.down ? refuse('unavailable') : this.viewFor(conn.actor);
		}
		if (event === 'command') {
			const { grants: _grants, ...reply } = this.command(conn.actor, args[0]) as CommandReply & { grants?: unknown };
			return reply;
		}
		return refuse('invalid');
	}

	/** Loses the next batch meant for `socket` (as a dropped Redis message would). */
	dropNextBatch(socket: FakeSocket): void {
		this.drop.add(socket);
	}

	private batchFor(actor: Actor, fromSeq: number, events: LoggedEvent[]): EventBatch {
		return { fromSeq, seq: events[events.length - 1].seq, events: events.map((e) => visibleEvent(e, actor)).filter((e) => e !== null) };
	}
}

/** The client end: the subset of socket.io-client's Socket that MeetingClient uses. */
class FakeSocket implements MeetingSocket {
	connected = false;
	auth: AuthCallback | null = null;
	private conn: Conn | null = null;
	private readonly listeners = new Map<string, Set<Listener>>();

	constructor(private readonly server: FakeServer) {}

	on(event: string, listener: Listener): this {
		let set = this.listeners.get(event);
		if (!set) this.listeners.set(event, (set = new Set()));
		set.add(listener);
		return this;
	}

	timeout(ms: number) {
		const emitWithAck = (event: string, ...args: unknown[]): Promise<any> =>
			new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error('operation has timed out')), ms);
				if (this.server.silent) return;
				void Promise.resolve().then(() => {
					clearTimeout(timer);
					resolve(this.server.ack(this.conn, event, args));
				});
			});
		return { emitWithAck } as MeetingSocket['timeout'] extends (ms: number) => infer R ? R : never;
	}

	connect(): this {
		if (this.connected) return this;
		this.connected = true;
		this.auth?.((auth) => void Promise.resolve().then(() => this.server.handshake(this, auth)));
		return this;
	}

	disconnect(): this {
		if (!this.connected) return this;
		this.connected = false;
		if (this.conn) this.server.leave(this.conn);
		this.conn = null;
		this.fire('disconnect', 'io client disconnect');
		return this;
	}

	/** Server side: the handshake succeeded. */
	accepted(conn: Conn): void {
		this.conn = conn;
	}

	/** Server side: the handshake was refused with `code` (socket.io's `connect_error`). */
	refuseConnect(code: string): void {
		this.connected = false;
		const err: ConnectError = Object.assign(new Error(code), { data: { code } });
		this.fire('connect_error', err);
	}

	/** Server side: sends an event to the client, in order, after the current task. */
	deliver(event: string, ...args: unknown[]): void {
		void Promise.resolve().then(() => this.fire(event, ...args));
	}

	private fire(event: string, ...args: unknown[]): void {
		for (const fn of this.listeners.get(event) ?? []) fn(...args);
	}
}

/** A client opened with the role's cookie (as a browser tab) or a token (as a test or bench client). */
function openClient(server: FakeServer, who: { role?: Role; token?: string }) {
	let socket: FakeSocket | null = null;
	const client = new MeetingClient({
		meetingId: MEETING_ID,
		...who,
		open: (auth) => {
			socket = server.socket();
			socket.auth = auth;
			return socket.connect();
		}
	});
	client.connect();
	return { client, socket: socket! };
}

const organiserActor = (server: FakeServer): Actor => {
	const link = Object.values(server.state.links).find((l) => l.role === 'organiser')!;
	return { role: 'organiser', memberId: null, linkId: link.id, roomId: null };
};

afterEach(() => {
	vi.useRealTimers();
});

describe('MeetingClient over a socket pair', () => {
	it('gets the view, then applies batches in order and reports each one', async () => {
		const server = new FakeServer();
		const org = openClient(server, { token: server.organiserToken });
		const reader = openClient(server, { token: server.linkTokens.participant });
		expect(org.client.status).toBe('connecting');
		await flush();
		expect(org.client.status).toBe('online');
		expect(reader.client.state?.seq).toBe(server.state.seq);
		expect(reader.client.view?.me.role).toBe('participant');

		const seen: number[] = [];
		reader.client.onBatch((b) => seen.push(b.seq));
		const a = await org.client.send({ type: 'room.add', name: 'ルーム1', purpose: '就労支援', editPolicy: 'facilitators' });
		const b = await org.client.send({ type: 'room.add', name: 'ルーム2', purpose: '居住支援', editPolicy: 'facilitators' });
		expect(a.ok && b.ok).toBe(true);
		await flush();

		expect(seen).toEqual([a.ok && a.seq, b.ok && b.seq]);
		expect(Object.values(reader.client.state!.rooms).map((r) => r.name).sort()).toEqual(['ルーム1', 'ルーム2']);
		expect(reader.client.state).toEqual(visibleState(server.state, reader.client.view!.me as Actor));
		expect(org.client.state).toEqual(server.state);
		expect(server.resyncs.get(reader.socket)).toBeUndefined();
		// Each room comes with a facilitator link, whose URL only a fresh view brings the organiser.
		expect(server.resyncs.get(org.socket)).toBe(2);
	});

	it('resyncs on a gap in sequence numbers and converges', async () => {
		const server = new FakeServer();
		const org = openClient(server, { token: server.organiserToken });
		const reader = openClient(server, { token: server.linkTokens.participant });
		await flush();
		const seen: number[] = [];
		reader.client.onBatch((b) => seen.push(b.seq));

		server.dropNextBatch(reader.socket);
		await org.client.send({ type: 'room.add', name: 'ルーム1', purpose: '', editPolicy: 'facilitators' });
		await flush();
		expect(reader.client.state!.seq).toBeLessThan(server.state.seq);
		expect(server.resyncs.get(reader.socket)).toBeUndefined();

		// The next batch starts where the lost one ended: the replica cannot apply it, so it asks for the view.
		await org.client.send({ type: 'room.add', name: 'ルーム2', purpose: '', editPolicy: 'facilitators' });
		await flush();
		expect(server.resyncs.get(reader.socket)).toBe(1);
		expect(seen).toEqual([]);
		expect(reader.client.state).toEqual(visibleState(server.state, reader.client.view!.me as Actor));

		// And it keeps applying batches from there.
		await org.client.send({ type: 'room.add', name: 'ルーム3', purpose: '', editPolicy: 'facilitators' });
		await flush();
		expect(seen).toEqual([server.state.seq]);
		expect(Object.keys(reader.client.state!.rooms)).toHaveLength(3);
	});

	it('ignores a stale batch (one it already has)', async () => {
		const server = new FakeServer();
		const reader = openClient(server, { token: server.linkTokens.participant });
		await flush();
		server.command(organiserActor(server), { type: 'meeting.update', title: '第2回 情報交換会' });
		await flush();
		const before = reader.client.state;
		expect(before?.meeting.title).toBe('第2回 情報交換会');
		const batches: EventBatch[] = [];
		reader.client.onBatch((b) => batches.push(b));
		const last = server.log[server.log.length - 1];
		reader.socket.deliver('events', { fromSeq: last.seq - 1, seq: last.seq, events: [last] });
		reader.socket.deliver('events', { fromSeq: 0, seq: 1, events: [server.log[0]] });
		await flush();
		expect(reader.client.state).toBe(before);
		expect(batches).toEqual([]);
		expect(server.resyncs.get(reader.socket)).toBeUndefined();
	});

	it('a reconnect asks only for what it missed; an identity change (after member.join) asks for a full view', async () => {
		const server = new FakeServer();
		server.cookies.participant = server.linkTokens.participant;
		const tab = openClient(server, { role: 'participant' });
		await flush();
		expect(tab.client.view?.me.memberId).toBeNull();
		expect(server.handshakes.at(-1)).toEqual({ meetingId: MEETING_ID, role: 'participant', protocol: PROTOCOL_VERSION });

		// Plain reconnect: the handshake carries sinceSeq and the missed events come as one batch.
		tab.socket.disconnect();
		expect(tab.client.status).toBe('reconnecting');
		const had = tab.client.state!.seq;
		server.command(organiserActor(server), { type: 'room.add', name: 'ルーム1', purpose: '', editPolicy: 'facilitators' });
		tab.socket.connect();
		await flush();
		expect(server.handshakes.at(-1)?.sinceSeq).toBe(had);
		expect(had).toBeLessThan(server.state.seq);
		expect(tab.client.state?.seq).toBe(server.state.seq);
		expect(tab.client.status).toBe('online');

		// Joining sets a new cookie; the same seq would not tell the server to send the member's view.
		const joined = server.join('participant', '江別 花子');
		expect(joined.ok).toBe(true);
		await flush();
		tab.client.changeIdentity();
		await flush();
		expect(server.handshakes.at(-1)).not.toHaveProperty('sinceSeq');
		const memberId = joined.ok ? String(joined.result?.memberId) : '';
		expect(tab.client.view?.me.memberId).toBe(memberId);
		expect(tab.client.me?.name).toBe('江別 花子');

		// After the full view, reconnects are incremental again.
		tab.socket.disconnect();
		tab.socket.connect();
		await flush();
		expect(server.handshakes.at(-1)?.sinceSeq).toBe(server.state.seq);
	});

	it('answers refusals with their codes', async () => {
		vi.useFakeTimers();
		const server = new FakeServer();
		const reader = openClient(server, { token: server.linkTokens.participant });
		await flush();
		// A shared link must join before asking; a malformed command is invalid; an organiser command is not allowed.
		expect(await reader.client.send({ type: 'question.ask', text: '質問です', direction: 'to_ministry', department: null, roomId: null, anonymous: false })).toMatchObject({ ok: false, code: 'join_required' });
		expect(await reader.client.send({ type: 'room.add' })).toMatchObject({ ok: false, code: 'invalid' });
		expect(await reader.client.send({ type: 'room.add', name: 'ルーム1', purpose: '', editPolicy: 'facilitators' })).toMatchObject({ ok: false, code: 'not_allowed' });

		// No ack in time, or no connection: unavailable.
		server.silent = true;
		const pending = reader.client.send({ type: 'room.add', name: 'ルーム1', purpose: '', editPolicy: 'facilitators' });
		await vi.advanceTimersByTimeAsync(15_000);
		expect(await pending).toEqual({ ok: false, code: 'unavailable' });
		reader.socket.disconnect();
		expect(await reader.client.send({ type: 'room.add', name: 'ルーム1', purpose: '', editPolicy: 'facilitators' })).toEqual({ ok: false, code: 'unavailable' });
	});

	it('turns handshake refusals into a status', async () => {
		const server = new FakeServer();
		const stranger = openClient(server, { token: 'not-a-token' });
		await flush();
		expect(stranger.client.status).toBe('unauthorized');
		expect(stranger.socket.connected).toBe(false);

		const old = new MeetingClient({
			meetingId: MEETING_ID,
			token: server.organiserToken,
			open: (auth) => {
				const socket = server.socket();
				socket.auth = (cb) => auth((a) => cb({ ...a, protocol: PROTOCOL_VERSION - 1 }));
				return socket.connect();
			}
		});
		const statuses: string[] = [];
		old.onChange(() => statuses.push(old.status));
		old.connect();
		await flush();
		expect(old.status).toBe('outdated');
		expect(statuses).toEqual(['outdated']);
	});

	it('on `unavailable`, asks again a little later and gets the view once the store answers', async () => {
		vi.useFakeTimers();
		const server = new FakeServer();
		server.down = true;
		const tab = openClient(server, { token: server.organiserToken });
		await flush();
		expect(tab.client.view).toBeNull();
		expect(server.resyncs.get(tab.socket)).toBeUndefined();

		// Not at once (1–3 s, spread so every tab does not ask at the same moment)…
		await vi.advanceTimersByTimeAsync(999);
		expect(server.resyncs.get(tab.socket)).toBeUndefined();
		server.down = false;
		// …but within 3 s.
		await vi.advanceTimersByTimeAsync(2001);
		await flush();
		expect(server.resyncs.get(tab.socket)).toBe(1);
		expect(tab.client.state).toEqual(server.state);

		// Closing cancels a retry that is still waiting.
		server.down = true;
		tab.socket.deliver('unavailable');
		await flush();
		tab.client.close();
		await vi.advanceTimersByTimeAsync(5000);
		expect(server.resyncs.get(tab.socket)).toBe(1);
	});
});
