/**
 * The socket.io wire contract, typed once for both ends. Bump PROTOCOL_VERSION on any change that an
 * older browser tab would misread: the server then tells it to reload instead of failing oddly.
 */
import type { Refusal } from './errors.js';
import type { LoggedEvent } from './meeting/events.js';
import type { MeetingState, Role } from './meeting/types.js';
import type { PlenaryRoomsPayload, PlenarySection, PlenarySnapshot } from './plenary/projection.js';

export const PROTOCOL_VERSION = 1;

/** What the browser sends in the socket.io handshake (`auth`). */
export interface HandshakeAuth {
	meetingId: string;
	/** Which of the browser's session cookies to use (one per role and meeting). */
	role?: Role;
	/** Non-browser clients pass their token instead of a cookie. */
	token?: string;
	protocol: number;
	/** On reconnect: the last seq the replica has; the server then sends only the missed events. */
	sinceSeq?: number;
}

export type CommandReply = { ok: true; seq: number; result?: Record<string, unknown> } | Refusal;

/** Who the connection is, as the server resolved it. */
export interface Me {
	role: Role;
	memberId: string | null;
	roomId: string | null;
	linkId: string;
}

/** The full view sent on (re)connect. */
export interface SessionView {
	state: MeetingState;
	me: Me;
	/** Link URLs by link id (organisers only). */
	linkUrls: Record<string, string>;
	serverNow: number;
}

export interface EventBatch {
	/** Sequence number the replica must be at before applying this batch (else it resyncs). */
	fromSeq: number;
	/** Sequence number of the last event of the log this batch brings the replica to. */
	seq: number;
	events: LoggedEvent[];
}

export interface ClientToServerEvents {
	command: (command: unknown, ack: (reply: CommandReply) => void) => void;
	/** Clock sync: answers the server's `Date.now()`. */
	'clock.ping': (ack: (serverNow: number) => void) => void;
	/** Ask for the full view again (after a gap in sequence numbers). */
	resync: (ack: (view: SessionView | Refusal) => void) => void;
	/** Plenary screen and organisers: the shared part of every room board and the summary board. */
	'plenary.sync': (ack: (snapshot: PlenarySnapshot | Refusal) => void) => void;
}

export interface ServerToClientEvents {
	view: (view: SessionView) => void;
	events: (batch: EventBatch) => void;
	/** The link or member session was revoked: the page should stop and say so. */
	revoked: () => void;
	/** The server could not read the meeting just now (store down): ask again with `resync` later. */
	unavailable: () => void;
	/** Transient messages that are not part of the meeting state (e.g. link URLs refreshed). */
	'link.urls': (urls: Record<string, string>) => void;
	/** Shared items of room boards changed (display and organisers only; the display never gets hidden items). */
	'plenary.rooms': (payload: PlenaryRoomsPayload) => void;
	/** The summary board (まとめ) changed (display and organisers only). */
	'plenary.summary': (sections: PlenarySection[]) => void;
}

/** Between server instances through socket.io's adapter (committed batches go through the store: Store.subscribeCommits). */
export interface InterServerEvents {
	ping: () => void;
}

export interface SocketData {
	meetingId: string;
	role: Role;
	memberId: string | null;
	roomId: string | null;
	linkId: string;
	tokenHash: string;
}
