/**
 * Pure test bench for the agenda: a meeting built from its creation events, and a `send` that runs a
 * raw command through the real schema gate, `decide` and `reduce` at a given server time.
 */
import { createMeetingEvents } from '../../src/lib/shared/meeting/create.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { decide } from '../../src/lib/shared/meeting/decide.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import type { Actor, MeetingState, Role } from '../../src/lib/shared/meeting/types.js';

export const T0 = Date.parse('2021-06-04T14:00:00+09:00');
export const MIN = 60_000;

let counter = 0;
const newId = () => `id${++counter}`;

/** A meeting 14:00–15:45 (Asia/Tokyo) on 2021-06-04 with its default links. */
export function meeting(endsAt: string | null = '2021-06-04T15:45:00+09:00'): MeetingState {
	const created = createMeetingEvents(
		'm1',
		{ title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt, timezone: 'Asia/Tokyo' },
		{ now: T0 - 86_400_000, newId, linkToken: (id) => `tok-${id}` }
	);
	const logged: LoggedEvent[] = created.events.map((event, i) => ({ seq: i + 1, at: T0 - 86_400_000, actor: null, event }));
	return reduceAll(emptyState('m1'), logged);
}

export function actor(role: Role, memberId: string | null = null): Actor {
	return { role, memberId, linkId: `link-${role}`, roomId: null };
}

export type Sent =
	| { ok: true; state: MeetingState; result?: Record<string, unknown>; events: LoggedEvent[] }
	| { ok: false; code: string; state: MeetingState };

/** Parses, decides and reduces one command at server time `at`; a refusal leaves the state as it was. */
export function send(state: MeetingState, raw: Record<string, unknown>, at: number, who: Actor = actor('organiser')): Sent {
	const parsed = parseCommand(raw);
	if (!parsed.ok) return { ok: false, code: parsed.code, state };
	const decision = decide(state, parsed.command, { actor: who, now: at, newId, newToken: () => 'member-token', linkToken: (id) => `tok-${id}` });
	if (!decision.ok) return { ok: false, code: decision.code, state };
	const events: LoggedEvent[] = decision.events.map((event, i) => ({ seq: state.seq + i + 1, at, actor: 'x', event }));
	return { ok: true, state: reduceAll(state, events), result: decision.result, events };
}

/** Like `send` but throws on refusal: for building up a scenario. */
export function must(state: MeetingState, raw: Record<string, unknown>, at: number): MeetingState & { lastId?: string } {
	const r = send(state, raw, at);
	if (!r.ok) throw new Error(`${String(raw.type)} refused: ${r.code}`);
	return Object.assign(r.state, r.result?.id ? { lastId: String(r.result.id) } : {});
}

/** Adds items (title, minutes, kind) and returns the state and their ids in order. */
export function withItems(state: MeetingState, items: [string, number, string?, string?][]): { state: MeetingState; ids: string[] } {
	const ids: string[] = [];
	for (const [title, durationMinutes, kind, startsAt] of items) {
		const r = send(state, { type: 'agenda.add', title, durationMinutes, kind: kind ?? 'plenary', ...(startsAt ? { startsAt } : {}) }, T0 - MIN);
		if (!r.ok) throw new Error(`add refused: ${r.code}`);
		state = r.state;
		ids.push(String(r.result!.id));
	}
	return { state, ids };
}
