/**
 * The store contract: one interface, two adapters (SQLite embedded, Redis for several instances).
 * tests/integration/storage-contract.test.ts runs the same suite against both.
 */
import type { LoggedEvent, MeetingEvent } from '../../src/lib/shared/meeting/events.js';
import type { MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import type { MinutesVersionHead, MinutesVersionRecord, NewMinutesVersion } from '../../src/lib/shared/minutes/versions.js';
import type { LoggedSeriesEvent, SeriesEvent, SeriesRole } from '../../src/lib/shared/series/types.js';
import type { Buckets } from '../rate-limit.js';

/** A token as stored: only its SHA-256 hash, never the token itself. */
export interface TokenRecord {
	hash: string;
	meetingId: string;
	role: Role;
	linkId: string;
	roomId: string | null;
	memberId: string | null;
	createdAt: number;
}

/** What a token stands for: enough to resolve its actor and run commands (a socket keeps these). */
export type TokenClaims = Pick<TokenRecord, 'meetingId' | 'role' | 'linkId' | 'roomId' | 'memberId'>;

export interface NewEvent {
	at: number;
	actor: string | null;
	event: MeetingEvent;
}

/**
 * A refused append answers what the caller missed (the events after its `expectedSeq`), read in the
 * same round trip, so it can decide again without another read.
 */
export type AppendResult =
	| { ok: true; seq: number }
	| { ok: false; code: 'conflict'; currentSeq: number; missed: LoggedEvent[] }
	| { ok: false; code: 'rate_limited' };

/** A series link's token as stored: only its SHA-256 hash. */
export interface SeriesTokenRecord {
	hash: string;
	seriesId: string;
	role: SeriesRole;
	linkId: string;
	createdAt: number;
}

export interface NewSeriesEvent {
	at: number;
	actor: string | null;
	event: SeriesEvent;
}

export type SeriesAppendResult = { ok: true; seq: number } | { ok: false; code: 'conflict'; currentSeq: number };

export interface Store {
	readonly kind: 'sqlite' | 'redis';
	/** Resolves when the store answers (health check). */
	ping(): Promise<void>;

	/**
	 * Appends events to a meeting's log only if its last sequence number is `expectedSeq`
	 * (optimistic concurrency). Sequence numbers start at 1 and have no gaps. When it is not, nothing
	 * is written and the answer carries the events after `expectedSeq` (none if the caller is ahead).
	 * With `limits`, an append that would be written first takes one token from each bucket (shared by
	 * every instance on this store), in the same round trip; when one is empty nothing is written or
	 * taken and the answer is `rate_limited`. A conflicting append takes nothing.
	 */
	append(meetingId: string, expectedSeq: number, events: NewEvent[], limits?: Buckets): Promise<AppendResult>;
	/**
	 * Takes one token from each bucket, or from none (answers false) when any is empty: rate limits
	 * shared by every instance on this store, one round trip per check.
	 */
	takeTokens(buckets: Buckets): Promise<boolean>;
	/**
	 * Calls `listener` with every batch other stores on the same place append (other instances), in
	 * log order, published by the append itself; answers how to stop. SQLite has no other writers.
	 */
	subscribeCommits(listener: (meetingId: string, events: LoggedEvent[]) => void): Promise<() => Promise<void>>;
	/** Events with seq > afterSeq, in order. */
	readEvents(meetingId: string, afterSeq: number): Promise<LoggedEvent[]>;
	saveSnapshot(meetingId: string, state: MeetingState): Promise<void>;
	loadSnapshot(meetingId: string): Promise<MeetingState | null>;

	putTokens(records: TokenRecord[]): Promise<void>;
	findToken(hash: string): Promise<TokenRecord | null>;

	/** Appends one Yjs update to a document's update log. */
	appendUpdate(docName: string, update: Uint8Array): Promise<void>;
	/** All updates of a document in append order. */
	readUpdates(docName: string): Promise<Uint8Array[]>;
	/**
	 * Replaces the first `replacedCount` updates of the log by `merged` (their merge), keeping any
	 * update appended after them. Safe against concurrent appends.
	 */
	compactUpdates(docName: string, merged: Uint8Array, replacedCount: number): Promise<void>;

	/**
	 * Deletes every update of every document whose name starts with `prefix` (a meeting's boards:
	 * `<meetingId>/`), leaving nothing of their text in the store's files; answers how many docs.
	 */
	purgeDocs(prefix: string): Promise<number>;
	/**
	 * Saves a new minutes version of a meeting as a draft, numbered 1, 2, 3… (atomically: two saves
	 * at once get two numbers). Durable when it resolves. Answers its head.
	 */
	addMinutesVersion(meetingId: string, version: NewMinutesVersion): Promise<MinutesVersionHead>;
	/** Heads of a meeting's minutes versions, oldest first. */
	listMinutesVersions(meetingId: string): Promise<MinutesVersionHead[]>;
	/** One version with its texts, or null. */
	readMinutesVersion(meetingId: string, no: number): Promise<MinutesVersionRecord | null>;
	/**
	 * Marks a draft final (確定), atomically: answers the new head, `not_found`, or `wrong_state` when
	 * it is already final (a final version never changes).
	 */
	finaliseMinutesVersion(meetingId: string, no: number, by: string, at: number): Promise<MinutesVersionHead | 'not_found' | 'wrong_state'>;
	/** Deletes every minutes version of a meeting (retention); answers how many. */
	purgeMinutesVersions(meetingId: string): Promise<number>;

	/** Ids of every meeting with an event log (for jobs that visit each meeting, such as retention). */
	meetingIds(): Promise<string[]>;

	/** Appends to a series' own log when its last seq is `expectedSeq` (as `append` does for meetings). */
	appendSeries(seriesId: string, expectedSeq: number, events: NewSeriesEvent[]): Promise<SeriesAppendResult>;
	/** A series' events with seq > afterSeq, in order. */
	readSeriesEvents(seriesId: string, afterSeq: number): Promise<LoggedSeriesEvent[]>;
	putSeriesTokens(records: SeriesTokenRecord[]): Promise<void>;
	findSeriesToken(hash: string): Promise<SeriesTokenRecord | null>;
	/**
	 * Puts a meeting in a series unless it is already in one (a meeting belongs to one series at most);
	 * answers the series it belongs to afterwards.
	 */
	joinSeries(meetingId: string, seriesId: string): Promise<string>;
	/** The series a meeting belongs to, or null. */
	seriesOf(meetingId: string): Promise<string | null>;

	/** A named secret shared by every instance on this store; created once with `create()`. */
	secret(name: string, create: () => string): Promise<string>;
	/** Flushes and closes. */
	close(): Promise<void>;
}
