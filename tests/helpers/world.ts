/**
 * The one in-memory harness for the pure core: a meeting held in memory whose commands go through
 * the server's own path (the schema gate `parseCommand` → `decide` → `reduce`) without I/O, with
 * deterministic counters, a clock the test sets, and builders for the actors who send them.
 */
import { expect } from 'vitest';
import type { DecideContext, Decision } from '../../src/lib/shared/meeting/command-kit.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { createMeetingEvents } from '../../src/lib/shared/meeting/create.js';
import { decide } from '../../src/lib/shared/meeting/decide.js';
import type { LoggedEvent, MeetingEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import type { CreateMeetingBody } from '../../src/lib/shared/schemas.js';
import type { Refusal } from '../../src/lib/shared/errors.js';

/** 2021-06-04 13:00 JST: an hour before the reference meeting. */
export const NOW = Date.parse('2021-06-04T13:00:00+09:00');
export const MEETING_ID = 'meeting1';
/** A minute, in ms. */
export const MIN = 60_000;

/** Ids `id1`, `id2`, …; link tokens `link-<id>-<role>`; member tokens `tok1`, `tok2`, …. */
export function counters() {
	let ids = 0;
	let tokens = 0;
	return {
		now: NOW,
		newId: () => `id${++ids}`,
		linkToken: (linkId: string, role: Role) => `link-${linkId}-${role}`,
		newToken: () => `tok${++tokens}`
	};
}
export type Counters = ReturnType<typeof counters>;

/** Wraps events as the log would: consecutive seqs after `afterSeq`, at time `at` (NOW by default). */
export function logged(events: MeetingEvent[], afterSeq: number, actor: string | null = null, at = NOW): LoggedEvent[] {
	return events.map((event, i) => ({ seq: afterSeq + i + 1, at, actor, event }));
}

/** The code of a refusal, or 'accepted'. */
export function outcome(d: Decision | Refusal): string {
	return d.ok ? 'accepted' : d.code;
}

/** An actor that joined through `link` as member `memberId`. */
export function memberActor(link: Actor, memberId: string): Actor {
	return { ...link, memberId };
}

/** An actor of `role` through a link the state need not know (for permission tables). */
export function actor(role: Role, memberId: string | null = null): Actor {
	return { role, memberId, linkId: `${role}-link`, roomId: null };
}

export interface WorldOptions extends Partial<CreateMeetingBody> {
	/** Meeting id (default `meeting1`). */
	id?: string;
	/** The clock commands are decided at (default NOW); tests move `world.now` as time passes. */
	now?: number;
	/** Id and token sources, to share them between worlds (default: fresh counters). */
	ctx?: Counters;
	/** Start from this state instead of creating a meeting (the log then starts empty). */
	state?: MeetingState;
}

/**
 * A meeting in memory. Created by default as `POST /api/v1/meetings` would make it: 「情報交換会」
 * 14:00–15:45 on 2021-06-04 with the default departments, its links id1 (organiser), id2
 * (participant), id3 (ministry) and id4 (display).
 */
export class World {
	state: MeetingState;
	/** Every event applied so far, as logged. */
	log: LoggedEvent[] = [];
	now: number;
	readonly ctx: Counters;
	/** State right after the meeting was created (or the state it started from). */
	readonly initial: MeetingState;

	constructor(opts: WorldOptions = {}) {
		const { id = MEETING_ID, now = NOW, ctx = counters(), state, ...body } = opts;
		this.now = now;
		this.ctx = ctx;
		if (state) this.state = state;
		else {
			const meeting = { title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00', ...body };
			const created = createMeetingEvents(id, meeting, { ...ctx, now });
			this.state = emptyState(id);
			this.apply(created.events);
		}
		this.initial = this.state;
	}

	/** A world that goes on from `state` at `now`, sharing this one's counters (for tests that branch). */
	from(state: MeetingState, now = this.now): World {
		return new World({ state, now, ctx: this.ctx });
	}

	/** The meeting's first link of `role`, as the actor who opened it. */
	linkActor(role: Role): Actor {
		const link = Object.values(this.state.links).find((l) => l.role === role);
		if (!link) throw new Error(`no ${role} link`);
		return { role, memberId: null, linkId: link.id, roomId: link.roomId };
	}
	get organiser(): Actor {
		return this.linkActor('organiser');
	}
	get participantLink(): Actor {
		return this.linkActor('participant');
	}
	get ministryLink(): Actor {
		return this.linkActor('ministry');
	}
	get display(): Actor {
		return this.linkActor('display');
	}
	/** The organiser link's token (shared links' tokens are derived, so this is the creation's). */
	get organiserToken(): string {
		return this.ctx.linkToken(this.organiser.linkId, 'organiser');
	}

	/** The actor of a roster member, as through a link of their role. */
	actorOf(memberId: string): Actor {
		const m = this.state.members[memberId];
		if (!m) throw new Error(`no member ${memberId}`);
		return { role: m.role, memberId, linkId: `${m.role}-link`, roomId: m.roomId };
	}

	/** Appends `events` to the log at `now` and reduces them. */
	apply(events: MeetingEvent[], actor: string | null = null): LoggedEvent[] {
		const batch = logged(events, this.state.seq, actor, this.now);
		this.log.push(...batch);
		this.state = reduceAll(this.state, batch);
		return batch;
	}

	/**
	 * Parses and decides `raw` for `actor` on the current state (does not apply it). `trusted`: the
	 * server issues it itself (`executeTrusted`), as it does for server-only commands.
	 */
	decide(actor: Actor, raw: unknown, trusted = false): Decision {
		const parsed = parseCommand(raw);
		if (!parsed.ok) return parsed;
		const ctx: DecideContext = { actor, now: this.now, newId: this.ctx.newId, linkToken: this.ctx.linkToken, newToken: this.ctx.newToken, trusted };
		return decide(this.state, parsed.command, ctx);
	}

	/** Parses, decides and, when accepted, applies `raw`; answers the decision. */
	run(actor: Actor, raw: unknown, trusted = false): Decision {
		const decision = this.decide(actor, raw, trusted);
		if (decision.ok) this.apply(decision.events, actor.memberId ?? actor.linkId);
		return decision;
	}

	/** Like `run`, but throws on a refusal; answers the result. */
	must(actor: Actor, raw: unknown): Record<string, unknown> {
		const d = this.run(actor, raw);
		if (!d.ok) throw new Error(`${(raw as { type: string }).type} refused: ${d.code} ${d.detail ?? ''}`);
		return d.result ?? {};
	}

	/** Adds a room; answers its id. */
	room(name: string): string {
		return String(this.must(this.organiser, { type: 'room.add', name }).id);
	}

	/** Adds a member to the roster and answers the actor they act as. */
	member(role: Role, name: string, opts: { roomId?: string | null; department?: string } = {}): Actor {
		const id = this.must(this.organiser, { type: 'member.add', name, role, roomId: opts.roomId ?? null, department: opts.department ?? '' }).id;
		return this.actorOf(String(id));
	}

	/** Asks a question as `actor`; answers its id. */
	ask(actor: Actor, text: string, extra: Record<string, unknown> = {}): string {
		return String(this.must(actor, { type: 'question.ask', text, ...extra }).id);
	}

	q(id: string) {
		return this.state.questions.items[id];
	}
}

/** The question tests' world: a meeting from 14:00 with no planned end, under way at 14:30. */
export function questionsWorld(opts: WorldOptions = {}): World {
	return new World({ endsAt: null, now: Date.parse('2021-06-04T14:30:00+09:00'), ...opts });
}

// ---------------------------------------------------------------------------------------------
// State-passing face, for tests that branch many ways from one state (the agenda tables)

/** 2021-06-04 14:00 JST: the agenda tables' meeting start. */
export const T0 = Date.parse('2021-06-04T14:00:00+09:00');

/** Counters shared by every `agendaMeeting` of a test file, so ids never repeat across branches. */
const shared = counters();

/** A meeting 14:00–15:45 (Asia/Tokyo) on 2021-06-04 with its default links, created the day before. */
export function agendaMeeting(endsAt: string | null = '2021-06-04T15:45:00+09:00'): MeetingState {
	return new World({ id: 'm1', endsAt, timezone: 'Asia/Tokyo', now: T0 - 86_400_000, ctx: shared }).state;
}

export type Sent =
	| { ok: true; state: MeetingState; result?: Record<string, unknown>; events: LoggedEvent[] }
	| { ok: false; code: string; state: MeetingState };

/** `World.run` on `state` at server time `at`, as the organiser unless `who`; a refusal leaves the state as it was. */
export function sendAt(state: MeetingState, raw: Record<string, unknown>, at: number, who?: Actor): Sent {
	const w = new World({ state, now: at, ctx: shared });
	const d = w.run(who ?? w.organiser, raw);
	if (!d.ok) return { ok: false, code: d.code, state };
	return { ok: true, state: w.state, result: d.result, events: w.log };
}

/** Like `sendAt` but throws on refusal: for building up a scenario. The new state carries the result's id as `lastId`. */
export function mustAt(state: MeetingState, raw: Record<string, unknown>, at: number): MeetingState & { lastId?: string } {
	const r = sendAt(state, raw, at);
	if (!r.ok) throw new Error(`${String(raw.type)} refused: ${r.code}`);
	return Object.assign(r.state, r.result?.id ? { lastId: String(r.result.id) } : {});
}

/** Adds items (title, minutes, kind, fixed start) a minute before T0; answers the state and their ids in order. */
export function withItems(state: MeetingState, items: [string, number, string?, string?][]): { state: MeetingState; ids: string[] } {
	const ids: string[] = [];
	for (const [title, durationMinutes, kind, startsAt] of items) {
		const r = sendAt(state, { type: 'agenda.add', title, durationMinutes, kind: kind ?? 'plenary', ...(startsAt ? { startsAt } : {}) }, T0 - MIN);
		if (!r.ok) throw new Error(`add refused: ${r.code}`);
		state = r.state;
		ids.push(String(r.result!.id));
	}
	return { state, ids };
}

/** The reference meeting's programme (8 items from 14:00, pinned 14:00 / 14:30 / 14:40 / 15:20, planned end 15:45) on `agendaMeeting(endsAt)`. */
export function referenceProgramme(endsAt: string | null = '2021-06-04T15:45:00+09:00'): { state: MeetingState; ids: string[] } {
	return withItems(agendaMeeting(endsAt), [
		['説明', 30, 'plenary', '2021-06-04T14:00:00+09:00'],
		['本日の流れ', 5, 'plenary', '2021-06-04T14:30:00+09:00'],
		['自己紹介', 5],
		['グループ討議', 40, 'breakout', '2021-06-04T14:40:00+09:00'],
		['共有と質疑応答', 10, 'plenary', '2021-06-04T15:20:00+09:00'],
		['各ルームから発表', 10],
		['次回のテーマ', 3],
		['次回日程', 2]
	]);
}

/** Asserts that `raw` is refused with `code` at `at` (as the organiser unless `who`) and leaves `state` as it was. */
export function expectRefusedAt(state: MeetingState, raw: Record<string, unknown>, at: number, code: string, who?: Actor): void {
	const r = sendAt(state, raw, at, who);
	expect(r).toMatchObject({ ok: false, code });
	expect(r.state).toBe(state);
}
