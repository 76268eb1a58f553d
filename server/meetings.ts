/**
 * The one command path: load a meeting (cache + catch-up from the log), decide, store token grants,
 * append with the expected sequence number (retry on conflict), reduce, then tell listeners.
 * Commands of one meeting are serialised per instance; conflicts between instances are retried.
 */
import type { Command } from '../src/lib/shared/meeting/commands.js';
import { decide } from '../src/lib/shared/meeting/decide.js';
import { createMeetingEvents } from '../src/lib/shared/meeting/create.js';
import type { LoggedEvent } from '../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState } from '../src/lib/shared/meeting/types.js';
import { refuse } from '../src/lib/shared/errors.js';
import type { CommandReply } from '../src/lib/shared/protocol.js';
import type { CreateMeetingBody } from '../src/lib/shared/schemas.js';
import { actorFor, newId, newToken, type Auth } from './auth.js';
import { JOIN_COMMANDS } from '../src/lib/shared/meeting/roster.js';
import { COMMAND_LIMITS, CONTENT_LIMITS, CONTENT_MEETING_LIMITS, RateLimiter, type BucketRule, type Buckets } from './rate-limit.js';
import { isStoreUnavailable } from './storage/unavailable.js';
import { RecentMap } from './recent-map.js';
import type { NewEvent, Store, TokenClaims, TokenRecord } from './storage/types.js';

const SNAPSHOT_EVERY = 200;
const MAX_ATTEMPTS = 16;
/**
 * After a lost append, wait a random moment before deciding again: without it the instance that won
 * (its cache already fresh) keeps winning and a busy loser can starve (many members voting at once
 * through two instances). Grows with each attempt, capped.
 */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** (attempt + 1))));

/** A command waiting for its meeting's queue, with what answers its caller. */
interface Queued {
	record: TokenClaims;
	command: Command;
	at?: number;
	trusted: boolean;
	limits?: Buckets;
	resolve(reply: CommandReply): void;
	reject(err: unknown): void;
}

type Grant = NonNullable<Extract<ReturnType<typeof decide>, { ok: true }>['grants']>[number];

export type CommittedListener = (meetingId: string, events: LoggedEvent[], state: MeetingState) => void;

export class Meetings {
	/** Meetings' current states, the most recently used ones (an evicted meeting is read again from the store). */
	private readonly cache: RecentMap<string, MeetingState>;
	private queues = new Map<string, Promise<unknown>>();
	/** Commands queued per meeting and not yet taken by a drain. */
	private waiting = new Map<string, Queued[]>();
	private listeners: CommittedListener[] = [];
	/** This instance's own buckets: a first line for every request, before the store's shared ones. */
	readonly limiter: RateLimiter;

	constructor(
		private readonly store: Store,
		private readonly auth: Auth,
		private readonly now: () => number = Date.now,
		/** Meetings whose state is kept in memory at most (a live meeting is used every few seconds and stays). */
		maxCached = 1000
	) {
		this.limiter = new RateLimiter(now);
		this.cache = new RecentMap(maxCached);
	}

	/**
	 * Takes a token from each bucket as this instance and then as all of them together (the store's
	 * shared buckets, one round trip); false when any is empty. For requests outside the command path
	 * (meeting creation, join codes, comments); commands pay the shared buckets with their append.
	 */
	async takeShared(buckets: Buckets): Promise<boolean> {
		if (!this.limiter.takeAll(buckets)) return false;
		try {
			if (await this.store.takeTokens(buckets)) return true;
		} catch (err) {
			this.limiter.refundAll(buckets);
			throw err;
		}
		return false;
	}

	/** Calls `listener` after every committed batch of events. */
	onCommitted(listener: CommittedListener): void {
		this.listeners.push(listener);
	}

	/** Current state of a meeting (reads events appended by other instances), or null if none. */
	async load(meetingId: string, fromStore = false): Promise<MeetingState | null> {
		const state = await this.readOn(meetingId, fromStore ? undefined : this.cache.get(meetingId));
		if (!state) return null;
		this.remember(meetingId, state);
		return this.cache.get(meetingId) ?? state;
	}

	/**
	 * Current state of a meeting for a job that visits every meeting (retention): read from the store
	 * unless cached, and not kept, so the pass neither fills memory nor pushes live meetings out.
	 */
	peek(meetingId: string): Promise<MeetingState | null> {
		return this.readOn(meetingId, this.cache.peek(meetingId));
	}

	/** True when this instance keeps the meeting's state in memory. */
	holds(meetingId: string): boolean {
		return this.cache.has(meetingId);
	}

	/**
	 * A batch another instance committed (published once per commit): applied to this instance's
	 * cache at once when it follows on (without waiting behind this instance's queued commands: a
	 * command in flight on the older state just finds its append refused and catches up), else read
	 * from the store in turn. Answers the state after it, or null for a meeting this instance does not
	 * hold (nobody here watches it; it is read when someone comes).
	 */
	async applyRemote(meetingId: string, events: LoggedEvent[]): Promise<MeetingState | null> {
		const cached = this.cache.get(meetingId);
		if (!cached) return null;
		const last = events[events.length - 1]?.seq ?? 0;
		if (cached.seq >= last) return cached;
		if (events[0]?.seq === cached.seq + 1) {
			const next = reduceAll(cached, events);
			this.cache.set(meetingId, next);
			return next;
		}
		return this.serialise(meetingId, async () => {
			const now = this.cache.get(meetingId);
			if (now && now.seq >= last) return now;
			return this.load(meetingId);
		});
	}

	/** Resolves a token to its meeting and actor against the current state. */
	async authenticate(token: string): Promise<{ record: TokenRecord; actor: Actor; state: MeetingState } | null> {
		const record = await this.auth.lookup(token);
		if (!record) return null;
		const state = await this.load(record.meetingId);
		if (!state) return null;
		const actor = actorFor(record, state);
		return actor ? { record, actor, state } : null;
	}

	/** Logged events with afterSeq < seq <= uptoSeq, for a reconnecting client's catch-up. */
	async eventsAfter(meetingId: string, afterSeq: number, uptoSeq: number): Promise<LoggedEvent[]> {
		return (await this.store.readEvents(meetingId, afterSeq)).filter((e) => e.seq <= uptoSeq);
	}

	/** Creates a meeting; answers its id and the organiser's token (shown once). */
	async create(body: CreateMeetingBody): Promise<{ id: string; organiserToken: string }> {
		const id = newId();
		const now = this.now();
		const created = createMeetingEvents(id, body, { now, newId, linkToken: this.auth.linkToken });
		await this.auth.storeGrants(id, created.grants, now);
		const appended = await this.store.append(
			id,
			0,
			created.events.map((event) => ({ at: now, actor: null, event }))
		);
		if (!appended.ok) throw new Error('meeting id collision');
		await this.load(id);
		return { id, organiserToken: created.organiserToken };
	}

	/**
	 * Runs one parsed command for the holder of `record`. The actor is re-resolved on fresh state at
	 * every attempt, so a link revoked a moment ago is refused.
	 */
	execute(record: TokenClaims, command: Command): Promise<CommandReply> {
		const meetingId = record.meetingId;
		const senderKey = `${meetingId}:${record.memberId ?? record.linkId}`;
		const special = CONTENT_LIMITS[command.type];
		const perMeeting = CONTENT_MEETING_LIMITS[command.type];
		// Joining (member.join, member.claim) is limited per link by its own bucket only: the per-sender
		// one would let just a handful of the people sharing one participant link in at the start of a meeting.
		const buckets: [string, BucketRule][] = [[`m:${meetingId}`, COMMAND_LIMITS.perMeeting]];
		if (!JOIN_COMMANDS.includes(command.type)) buckets.push([`s:${senderKey}`, COMMAND_LIMITS.perSender]);
		if (special) buckets.push([`c:${command.type}:${senderKey}`, special]);
		if (perMeeting) buckets.push([`cm:${command.type}:${meetingId}`, perMeeting]);
		if (!this.limiter.takeAll(buckets)) return Promise.resolve(refuse('rate_limited'));
		// A command the store could not take (it is down) was never served: it costs nothing, so
		// people retrying during an outage are not rate-limited when it ends.
		return this.enqueue({ record, command, trusted: false, limits: buckets }).catch((err: unknown) => {
			if (isStoreUnavailable(err)) this.limiter.refundAll(buckets);
			throw err;
		});
	}

	/**
	 * Like `execute` without rate limits: for commands the server itself issues (demo data, carry-over).
	 * `at` backdates the command (demo questions sent "before the meeting").
	 */
	executeTrusted(record: TokenClaims, command: Command, at?: number): Promise<CommandReply> {
		return this.enqueue({ record, command, at, trusted: true });
	}

	/**
	 * Queues a command of its meeting. Commands that arrive while the meeting's previous work is in
	 * flight wait together and are committed together (`runBatch`): one append, one round trip and one
	 * published message for all of them, so a busy meeting's queue drains in round trips, not commands.
	 */
	private enqueue(item: Omit<Queued, 'resolve' | 'reject'>): Promise<CommandReply> {
		const meetingId = item.record.meetingId;
		return new Promise<CommandReply>((resolve, reject) => {
			let waiting = this.waiting.get(meetingId);
			if (!waiting) this.waiting.set(meetingId, (waiting = []));
			waiting.push({ ...item, resolve, reject });
			if (waiting.length > 1) return; // the drain already queued takes it too
			void this.serialise(meetingId, async () => {
				const items = this.waiting.get(meetingId) ?? [];
				this.waiting.delete(meetingId);
				if (items.length === 1) {
					const [one] = items;
					return this.run(one.record, one.command, one.at, one.trusted, one.limits).then(one.resolve, one.reject);
				}
				return this.runBatch(meetingId, items);
			});
		});
	}

	/**
	 * Several queued commands of one meeting: each decided on the state the ones before it leave, the
	 * events of all that write appended in one round trip (with all their shared buckets), then each
	 * answered with its own seq. A command that writes nothing (refused, no-op), or a batch the shared
	 * limits refuse, goes through `run` one by one afterwards, which re-checks against the store.
	 */
	private async runBatch(meetingId: string, items: Queued[]): Promise<void> {
		let alone: Queued[] = [];
		try {
			let state = this.cache.get(meetingId) ?? (await this.load(meetingId));
			for (let attempt = 0; ; attempt++) {
				if (!state || attempt >= MAX_ATTEMPTS) {
					alone = items;
					break;
				}
				alone = [];
				const writes: { item: Queued; seq: number; result?: Record<string, unknown> }[] = [];
				const events: NewEvent[] = [];
				const grants: Grant[] = [];
				const limits: (readonly [string, BucketRule])[] = [];
				let next = state;
				const now = this.now();
				for (const item of items) {
					const actor = actorFor(item.record, next);
					const at = item.at ?? now;
					const decision = actor ? decide(next, item.command, { actor, now: at, newId, newToken, linkToken: this.auth.linkToken, trusted: item.trusted }) : null;
					if (!actor || !decision || !decision.ok || decision.events.length === 0) {
						alone.push(item);
						continue;
					}
					const actorId = actor.memberId ?? actor.linkId;
					const logged = decision.events.map((event, i): LoggedEvent => ({ seq: next.seq + i + 1, at, actor: actorId, event }));
					next = reduceAll(next, logged);
					events.push(...logged.map(({ at, actor, event }) => ({ at, actor, event })));
					grants.push(...(decision.grants ?? []));
					limits.push(...(item.limits ?? []));
					writes.push({ item, seq: next.seq, result: decision.result });
				}
				if (writes.length === 0) break;
				await this.auth.storeGrants(meetingId, grants, now);
				const appended = await this.store.append(meetingId, state.seq, events, limits);
				if (!appended.ok && appended.code === 'rate_limited') {
					// Someone in the batch is over a shared limit: each pays (or is refused) on its own.
					alone = items;
					break;
				}
				if (!appended.ok) {
					const missed = appended.missed;
					const contiguous = missed.length > 0 && missed[0].seq === state.seq + 1 && missed[missed.length - 1].seq === appended.currentSeq;
					state = contiguous ? reduceAll(state, missed) : await this.load(meetingId, true);
					if (state) this.remember(meetingId, state);
					if (attempt > 0) await backoff(attempt);
					continue;
				}
				const base = state;
				this.remember(meetingId, next);
				if (Math.floor(next.seq / SNAPSHOT_EVERY) > Math.floor(base.seq / SNAPSHOT_EVERY)) await this.store.saveSnapshot(meetingId, next);
				const logged = events.map((e, i): LoggedEvent => ({ seq: base.seq + i + 1, ...e }));
				for (const l of this.listeners) l(meetingId, logged, next);
				for (const w of writes) w.item.resolve({ ok: true, seq: w.seq, ...(w.result ? { result: w.result } : {}) });
				break;
			}
		} catch (err) {
			// The store failed (or a listener threw): every command not answered yet gets the error.
			for (const item of items) item.reject(err);
			return;
		}
		for (const item of alone) await this.run(item.record, item.command, item.at, item.trusted, item.limits).then(item.resolve, item.reject);
	}

	/**
	 * Decides on this instance's cached state (no store read when it has one) and appends with that
	 * state's seq. When another instance wrote meanwhile, the refused append answers the missed events
	 * in the same round trip: they are applied and the command is decided again on the fresh state, so
	 * every decision still rests on the whole log (a link revoked a moment ago is refused). `limits`
	 * (the command's buckets, already paid on this instance) are paid again in the store's shared
	 * buckets by the append itself, so N instances do not let a sender write N times as much.
	 */
	private async run(record: TokenClaims, command: Command, at?: number, trusted = false, limits?: Buckets): Promise<CommandReply> {
		const meetingId = record.meetingId;
		const cached = this.cache.get(meetingId);
		let state = cached ?? (await this.load(meetingId));
		// An answer that writes nothing (a refusal, a no-op) is checked by no append: when it came from
		// the cache, it is given only after the state was read from the store once.
		let current = !cached;
		for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
			if (!state) return refuse('not_found');
			const actor = actorFor(record, state);
			const now = at ?? this.now();
			const decision = actor ? decide(state, command, { actor, now, newId, newToken, linkToken: this.auth.linkToken, trusted }) : refuse('unauthorized');
			if (!actor || !decision.ok || decision.events.length === 0) {
				if (!current) {
					state = await this.load(meetingId);
					current = true;
					continue;
				}
				if (!decision.ok) return decision;
				return { ok: true, seq: state.seq, ...(decision.result ? { result: decision.result } : {}) };
			}
			await this.auth.storeGrants(meetingId, decision.grants ?? [], now);
			const actorId = actor.memberId ?? actor.linkId;
			const appended = await this.store.append(
				meetingId,
				state.seq,
				decision.events.map((event) => ({ at: now, actor: actorId, event })),
				limits
			);
			// The buckets every instance shares, paid only by what is written (checked in the same round trip).
			if (!appended.ok && appended.code === 'rate_limited') return refuse('rate_limited');
			if (!appended.ok) {
				// Another instance wrote first: catch up with what the append answered, then decide again.
				const missed = appended.missed;
				const contiguous = missed.length > 0 && missed[0].seq === state.seq + 1 && missed[missed.length - 1].seq === appended.currentSeq;
				state = contiguous ? reduceAll(state, missed) : await this.load(meetingId, true);
				if (state) this.remember(meetingId, state);
				current = true;
				if (attempt > 0) await backoff(attempt); // a busy loser waits a little so it cannot starve
				continue;
			}
			const base = state;
			const logged: LoggedEvent[] = decision.events.map((event, i) => ({ seq: base.seq + i + 1, at: now, actor: actorId, event }));
			const next = reduceAll(base, logged);
			this.remember(meetingId, next);
			if (Math.floor(next.seq / SNAPSHOT_EVERY) > Math.floor(base.seq / SNAPSHOT_EVERY)) await this.store.saveSnapshot(meetingId, next);
			for (const l of this.listeners) l(meetingId, logged, next);
			return { ok: true, seq: next.seq, ...(decision.result ? { result: decision.result } : {}) };
		}
		return refuse('conflict');
	}

	/**
	 * Caches `state` unless the cache is already further on: batches from other instances reach the
	 * cache outside the per-meeting queue, so a slower reader must never take it back.
	 */
	/** `known` (else the stored snapshot) brought up to date with the log; null for no meeting. */
	private async readOn(meetingId: string, known: MeetingState | undefined): Promise<MeetingState | null> {
		let state = known ?? (await this.store.loadSnapshot(meetingId)) ?? emptyState(meetingId);
		const newer = await this.store.readEvents(meetingId, state.seq);
		if (newer.length) state = reduceAll(state, newer);
		return state.seq === 0 ? null : state;
	}

	private remember(meetingId: string, state: MeetingState): void {
		if ((this.cache.get(meetingId)?.seq ?? -1) < state.seq) this.cache.set(meetingId, state);
	}

	private serialise<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
		const prev = this.queues.get(meetingId) ?? Promise.resolve();
		const next = prev.then(task, task);
		const tail = next.catch(() => undefined);
		this.queues.set(meetingId, tail);
		void tail.then(() => {
			if (this.queues.get(meetingId) === tail) this.queues.delete(meetingId);
		});
		return next;
	}
}
