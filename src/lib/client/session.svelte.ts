/**
 * A page's live connection to one meeting: the socket.io client, the role's replica of the state
 * (kept with the shared `reduce`), connection status, and sending commands with acks.
 */
import type { Socket } from 'socket.io-client';
import { newPageManager } from './transport.svelte';
import { getContext, setContext } from 'svelte';
import { reduce } from '$lib/shared/meeting/reduce';
import type { Command } from '$lib/shared/meeting/commands';
import type { Member, MeetingState, Role } from '$lib/shared/meeting/types';
import {
	PROTOCOL_VERSION,
	type ClientToServerEvents,
	type CommandReply,
	type EventBatch,
	type ServerToClientEvents,
	type SessionView
} from '$lib/shared/protocol';
import { refuse } from '$lib/shared/errors';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'revoked' | 'outdated' | 'unauthorized';

const ACK_TIMEOUT_MS = 15_000;
const KEY = Symbol('session');

export class MeetingSession {
	view = $state<SessionView | null>(null);
	status = $state<ConnectionStatus>('connecting');
	/** Local time minus server time, from the view's timestamp (refined by the clock module). */
	private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	private listeners = new Set<(batch: EventBatch) => void>();
	/** Set after joining: the next connection must fetch a full view for the new member. */
	private identityChanged = false;

	constructor(
		readonly meetingId: string,
		readonly role: Role
	) {}

	get state(): MeetingState | null {
		return this.view?.state ?? null;
	}

	/** The member this browser is, once joined. */
	get me(): Member | null {
		const id = this.view?.me.memberId;
		return (id && this.view?.state.members[id]) || null;
	}

	/** True when the link still needs a display name before acting as a member. */
	get needsJoin(): boolean {
		return !!this.view && !this.view.me.memberId && ['participant', 'ministry', 'facilitator'].includes(this.view.me.role);
	}

	/** Opens the socket (browser only). */
	connect(): void {
		if (this.socket) return;
		// socket.io's defaults: long-polling first, upgraded to a WebSocket where the network allows
		// (many municipal networks block WebSockets). The page's boards share this connection.
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = newPageManager().socket('/', {
			// Called on every (re)connect: a replica that is up to date asks only for what it missed.
			auth: (cb) =>
				cb({
					meetingId: this.meetingId,
					role: this.role,
					protocol: PROTOCOL_VERSION,
					...(this.view && !this.identityChanged ? { sinceSeq: this.view.state.seq } : {})
				})
		});
		this.socket = socket;
		socket.on('view', (view) => {
			this.identityChanged = false;
			this.view = view;
			this.status = 'online';
		});
		socket.on('events', (batch) => {
			this.status = 'online';
			this.apply(batch);
		});
		socket.on('revoked', () => {
			this.status = 'revoked';
		});
		// The server could not read the meeting for us just now: ask again shortly.
		socket.on('unavailable', () => {
			setTimeout(() => void this.resync(), 1000 + Math.random() * 2000);
		});
		socket.on('disconnect', () => {
			if (this.status === 'online' || this.status === 'connecting') this.status = 'reconnecting';
		});
		socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
			const code = err.data?.code ?? err.message;
			if (code === 'protocol_outdated') {
				this.status = 'outdated';
				socket.disconnect();
			} else if (code === 'unauthorized') {
				this.status = this.view ? 'revoked' : 'unauthorized';
				socket.disconnect();
			} else this.status = this.view ? 'reconnecting' : 'connecting';
		});
	}

	/** Calls `fn` with every batch after it is applied (features use it for toasts, sounds…). */
	onEvents(fn: (batch: EventBatch) => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}

	/** The socket for feature modules that need extra events (clock ping). */
	get rawSocket() {
		return this.socket;
	}

	private apply(batch: EventBatch) {
		const view = this.view;
		if (!view) return;
		if (batch.seq <= view.state.seq) return;
		if (batch.fromSeq !== view.state.seq) {
			void this.resync();
			return;
		}
		let state = view.state;
		for (const e of batch.events) state = reduce(state, e);
		this.view = { ...view, state: { ...state, seq: batch.seq } };
		// New links come with URLs only the server can derive: fetch them with a fresh view.
		if (batch.events.some((e) => e.event.type === 'link.created')) void this.resync();
		for (const fn of this.listeners) fn(batch);
	}

	async resync(): Promise<void> {
		const socket = this.socket;
		if (!socket) return;
		const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('resync').catch(() => null);
		if (reply && !('ok' in reply)) this.view = reply;
	}

	/** Sends a command; resolves with the server's reply (refusals carry a code for the UI). */
	async send(command: Command): Promise<CommandReply> {
		const socket = this.socket;
		if (!socket?.connected) return refuse('unavailable');
		try {
			return await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', command);
		} catch {
			return refuse('unavailable');
		}
	}

	/** Joins with a display name over HTTP (so the server can set the member's session cookie), then reconnects. */
	async join(fields: { name: string; organisation: string; category?: string }): Promise<CommandReply> {
		let reply: CommandReply;
		try {
			const res = await fetch(`/api/v1/meetings/${this.meetingId}/commands?as=${this.role}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				credentials: 'same-origin',
				body: JSON.stringify({ type: 'member.join', ...fields })
			});
			reply = (await res.json()) as CommandReply;
		} catch {
			return refuse('unavailable');
		}
		if (reply.ok && this.socket) {
			this.identityChanged = true;
			this.socket.disconnect();
			this.socket.connect();
		}
		return reply;
	}

	close(): void {
		this.socket?.disconnect();
		this.socket = null;
	}
}

/** Creates the page's session and puts it in context for child components. */
export function provideSession(meetingId: string, role: Role): MeetingSession {
	return setContext(KEY, new MeetingSession(meetingId, role));
}

export function useSession(): MeetingSession {
	return getContext<MeetingSession>(KEY);
}
