/**
 * Deterministic drivers for the pure core: counter ids, a fixed clock, readable tokens, and a tiny
 * "command path" (parse → decide → reduce) like the server's, without I/O.
 */
import type { DecideContext, Decision } from '../../src/lib/shared/meeting/command-kit.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { createMeetingEvents } from '../../src/lib/shared/meeting/create.js';
import { decide } from '../../src/lib/shared/meeting/decide.js';
import type { LoggedEvent, MeetingEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduceAll } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import type { Refusal } from '../../src/lib/shared/errors.js';

/** 2021-06-04 13:00 JST: an hour before the reference meeting. */
export const NOW = Date.parse('2021-06-04T13:00:00+09:00');
export const MEETING_ID = 'meeting1';

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

/** Wraps events as the log would: consecutive seqs after `afterSeq`, time NOW. */
export function logged(events: MeetingEvent[], afterSeq: number, actor: string | null = null): LoggedEvent[] {
	return events.map((event, i) => ({ seq: afterSeq + i + 1, at: NOW, actor, event }));
}

export interface World {
	state: MeetingState;
	log: LoggedEvent[];
	ctx: ReturnType<typeof counters>;
	/** Actors for the meeting's initial links. */
	organiser: Actor;
	participantLink: Actor;
	ministryLink: Actor;
	display: Actor;
	organiserToken: string;
}

/** A freshly created meeting (as `POST /api/v1/meetings` would make it), reduced from its events. */
export function newWorld(): World {
	const ctx = counters();
	const created = createMeetingEvents(
		MEETING_ID,
		{ title: '情報交換会', startsAt: '2021-06-04T14:00:00+09:00', endsAt: '2021-06-04T15:45:00+09:00' },
		ctx
	);
	const log = logged(created.events, 0);
	const state = reduceAll(emptyState(MEETING_ID), log);
	const linkOf = (role: Role): Actor => {
		const link = Object.values(state.links).find((l) => l.role === role)!;
		return { role, memberId: null, linkId: link.id, roomId: null };
	};
	return {
		state,
		log,
		ctx,
		organiser: linkOf('organiser'),
		participantLink: linkOf('participant'),
		ministryLink: linkOf('ministry'),
		display: linkOf('display'),
		organiserToken: created.organiserToken
	};
}

/** Parses and decides `raw` for `actor` on the world's current state (does not apply it). */
export function decideRaw(world: World, actor: Actor, raw: unknown): Decision {
	const parsed = parseCommand(raw);
	if (!parsed.ok) return parsed;
	const ctx: DecideContext = { actor, now: world.ctx.now, newId: world.ctx.newId, linkToken: world.ctx.linkToken, newToken: world.ctx.newToken };
	return decide(world.state, parsed.command, ctx);
}

/** Parses, decides and, when accepted, applies `raw` to the world; answers the decision. */
export function run(world: World, actor: Actor, raw: unknown): Decision {
	const decision = decideRaw(world, actor, raw);
	if (decision.ok) {
		const batch = logged(decision.events, world.state.seq, actor.memberId ?? actor.linkId);
		world.log.push(...batch);
		world.state = reduceAll(world.state, batch);
	}
	return decision;
}

/** Like `run`, but throws on a refusal; answers the result. */
export function must(world: World, actor: Actor, raw: unknown): Record<string, unknown> {
	const d = run(world, actor, raw);
	if (!d.ok) throw new Error(`${(raw as { type: string }).type} refused: ${d.code} ${d.detail ?? ''}`);
	return d.result ?? {};
}

/** The code of a refusal, or 'accepted'. */
export function outcome(d: Decision | Refusal): string {
	return d.ok ? 'accepted' : d.code;
}

/** An actor that joined through `link` as member `memberId`. */
export function memberActor(link: Actor, memberId: string): Actor {
	return { ...link, memberId };
}
