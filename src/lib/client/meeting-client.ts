/**
 * The replica of one meeting, kept over an injected socket (like tldraw's `TLSyncClient`): plain
 * TypeScript, no runes, no DOM, so browsers (through `MeetingSession`), integration tests and
 * benchmarks run the same code. It owns the handshake (`sinceSeq` for a replica that is up to date,
 * a full view after an identity change), applies event batches with the shared `reduce`, resyncs on
 * a gap in sequence numbers, and turns socket trouble into a `ConnectionStatus`.
 */
import { reduce } from '../shared/meeting/reduce.js';
import type { Command } from '../shared/meeting/commands.js';
import type { Member, MeetingState, Role } from '../shared/meeting/types.js';
import { PROTOCOL_VERSION, type CommandReply, type EventBatch, type HandshakeAuth, type SessionView } from '../shared/protocol.js';
import { refuse, type Refusal } from '../shared/errors.js';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'revoked' | 'outdated' | 'unauthorized';

/** An error from the socket.io handshake; the server's refusal code is in `data.code`. */
export type ConnectError = Error & { data?: { code?: string } };

/**
 * The part of socket.io-client's `Socket<ServerToClientEvents, ClientToServerEvents>` the client
 * uses (one overload per event, so the real socket fits), so a test can hand it an in-memory fake.
 */
export interface MeetingSocket {
	readonly connected: boolean;
	on(event: 'view', listener: (view: SessionView) => void): unknown;
	on(event: 'events', listener: (batch: EventBatch) => void): unknown;
	on(event: 'revoked' | 'unavailable' | 'disconnect', listener: () => void): unknown;
	on(event: 'connect_error', listener: (err: ConnectError) => void): unknown;
	timeout(ms: number): {
		emitWithAck(event: 'command', command: unknown): Promise<CommandReply>;
		emitWithAck(event: 'resync'): Promise<SessionView | Refusal>;
	};
	connect(): unknown;
	disconnect(): unknown;
}

/** socket.io's `auth` option in its callback form: called on every (re)connect. */
export type AuthCallback = (cb: (auth: HandshakeAuth) => void) => void;

export interface MeetingClientOptions {
	meetingId: string;
	/** Which of the browser's session cookies to use. */
	role?: Role;
	/** Non-browser clients authenticate with their token instead of a cookie. */
	token?: string;
	/** Creates the socket with `auth` as its handshake (it may connect at once). */
	open: (auth: AuthCallback) => MeetingSocket;
	/** How long to wait for an ack (default 15 s). */
	ackTimeoutMs?: number;
	/** Delay before asking again after `unavailable` (default 1–3 s, spread so tabs do not stampede). */
	retryDelayMs?: () => number;
}

type Listener = () => void;

export class MeetingClient {
	readonly meetingId: string;
	readonly role: Role | undefined;
	private readonly opts: MeetingClientOptions;
	private socketRef: MeetingSocket | null = null;
	private viewRef: SessionView | null = null;
	private statusRef: ConnectionStatus = 'connecting';
	/** Set by `changeIdentity`: the next handshake must ask for a full view for the new member. */
	private identityChanged = false;
	private retry: ReturnType<typeof setTimeout> | null = null;
	private readonly changeListeners = new Set<Listener>();
	private readonly batchListeners = new Set<(batch: EventBatch) => void>();

	constructor(opts: MeetingClientOptions) {
		this.opts = opts;
		this.meetingId = opts.meetingId;
		this.role = opts.role;
	}

	/** The last full view with every batch since applied; null until the first view arrives. */
	get view(): SessionView | null {
		return this.viewRef;
	}

	get state(): MeetingState | null {
		return this.viewRef?.state ?? null;
	}

	get status(): ConnectionStatus {
		return this.statusRef;
	}

	/** The member this connection is, once joined. */
	get me(): Member | null {
		const id = this.viewRef?.me.memberId;
		return (id && this.viewRef?.state.members[id]) || null;
	}

	/** The socket, for feature modules that need extra events (clock ping, plenary feed). */
	get socket(): MeetingSocket | null {
		return this.socketRef;
	}

	/** Calls `fn` whenever `view` or `status` changed. */
	onChange(fn: Listener): () => void {
		this.changeListeners.add(fn);
		return () => this.changeListeners.delete(fn);
	}

	/** Calls `fn` with every batch after it is applied. */
	onBatch(fn: (batch: EventBatch) => void): () => void {
		this.batchListeners.add(fn);
		return () => this.batchListeners.delete(fn);
	}

	/** The handshake for the next (re)connect: a replica that is up to date asks only for what it missed. */
	handshake(): HandshakeAuth {
		return {
			meetingId: this.meetingId,
			...(this.opts.role ? { role: this.opts.role } : {}),
			...(this.opts.token ? { token: this.opts.token } : {}),
			protocol: PROTOCOL_VERSION,
			...(this.viewRef && !this.identityChanged ? { sinceSeq: this.viewRef.state.seq } : {})
		};
	}

	/** Opens the socket (once). */
	connect(): void {
		if (this.socketRef) return;
		const socket = this.opts.open((cb) => cb(this.handshake()));
		this.socketRef = socket;
		socket.on('view', (view) => {
			this.identityChanged = false;
			this.viewRef = view;
			this.setStatus('online', true);
		});
		socket.on('events', (batch) => {
			this.setStatus('online');
			this.apply(batch);
		});
		socket.on('revoked', () => this.setStatus('revoked'));
		// The server could not read the meeting for us just now: ask again shortly.
		socket.on('unavailable', () => {
			if (this.retry) clearTimeout(this.retry);
			const delay = this.opts.retryDelayMs?.() ?? 1000 + Math.random() * 2000;
			this.retry = setTimeout(() => {
				this.retry = null;
				void this.resync();
			}, delay);
		});
		socket.on('disconnect', () => {
			if (this.statusRef === 'online' || this.statusRef === 'connecting') this.setStatus('reconnecting');
		});
		socket.on('connect_error', (err) => {
			const code = err.data?.code ?? err.message;
			if (code === 'protocol_outdated') {
				this.setStatus('outdated');
				socket.disconnect();
			} else if (code === 'unauthorized') {
				this.setStatus(this.viewRef ? 'revoked' : 'unauthorized');
				socket.disconnect();
			} else this.setStatus(this.viewRef ? 'reconnecting' : 'connecting');
		});
	}

	/** Applies a batch in order; a stale batch is ignored, a gap asks for the full view instead. */
	private apply(batch: EventBatch): void {
		const view = this.viewRef;
		if (!view) return;
		if (batch.seq <= view.state.seq) return;
		if (batch.fromSeq !== view.state.seq) {
			void this.resync();
			return;
		}
		let state = view.state;
		for (const e of batch.events) state = reduce(state, e);
		this.viewRef = { ...view, state: { ...state, seq: batch.seq } };
		this.emitChange();
		// New links come with URLs only the server can derive, and a member merged into another entry
		// is that entry from now on: fetch a fresh view.
		const me = view.me.memberId;
		if (batch.events.some((e) => e.event.type === 'link.created' || (e.event.type === 'member.removed' && e.event.id === me))) void this.resync();
		for (const fn of this.batchListeners) fn(batch);
	}

	/** Asks for the full view again; resolves once it arrived or the ask failed. */
	async resync(): Promise<void> {
		const socket = this.socketRef;
		if (!socket) return;
		const reply = await socket
			.timeout(this.opts.ackTimeoutMs ?? 15_000)
			.emitWithAck('resync')
			.catch(() => null);
		if (reply && !('ok' in reply) && this.socketRef === socket) {
			this.viewRef = reply;
			this.emitChange();
		}
	}

	/** Sends a command; resolves with the server's reply (refusals carry a code for the UI). */
	async send(command: Command | Record<string, unknown>): Promise<CommandReply> {
		const socket = this.socketRef;
		if (!socket?.connected) return refuse('unavailable');
		try {
			return await socket.timeout(this.opts.ackTimeoutMs ?? 15_000).emitWithAck('command', command);
		} catch {
			return refuse('unavailable');
		}
	}

	/**
	 * The connection now stands for someone else (a `member.join` set a new session cookie):
	 * reconnect and ask for a full view, not the events since our seq.
	 */
	changeIdentity(): void {
		const socket = this.socketRef;
		if (!socket) return;
		this.identityChanged = true;
		socket.disconnect();
		socket.connect();
	}

	close(): void {
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
		this.socketRef?.disconnect();
		this.socketRef = null;
	}

	private setStatus(status: ConnectionStatus, changed = false): void {
		if (status === this.statusRef && !changed) return;
		this.statusRef = status;
		this.emitChange();
	}

	private emitChange(): void {
		for (const fn of this.changeListeners) fn();
	}
}
