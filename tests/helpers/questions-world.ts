/**
 * A meeting held in memory for unit tests of the question slice: commands go through the real
 * schema gate (`parseCommand`) and `decide`, accepted events through `reduce`, exactly as the server does.
 */
import { createMeetingEvents } from '../../src/lib/shared/meeting/create.js';
import { parseCommand } from '../../src/lib/shared/meeting/commands.js';
import { decide } from '../../src/lib/shared/meeting/decide.js';
import type { LoggedEvent } from '../../src/lib/shared/meeting/events.js';
import { emptyState, reduce } from '../../src/lib/shared/meeting/reduce.js';
import type { Actor, MeetingState, Role } from '../../src/lib/shared/meeting/types.js';
import type { Refusal } from '../../src/lib/shared/errors.js';

export type Reply = { ok: true; result?: Record<string, unknown>; events: LoggedEvent[] } | Refusal;

export class World {
	state: MeetingState;
	log: LoggedEvent[] = [];
	now: number;
	private ids = 0;

	constructor(opts: { startsAt?: string; now?: number; departments?: string[] } = {}) {
		this.now = opts.now ?? Date.parse('2021-06-04T14:30:00+09:00');
		const created = createMeetingEvents(
			'meeting1',
			{
				title: '情報交換会',
				startsAt: opts.startsAt ?? '2021-06-04T14:00:00+09:00',
				departments: opts.departments ?? ['生活困窮者自立支援室', '保護課']
			},
			{ now: this.now, newId: () => this.newId(), linkToken: (id) => `t-${id}` }
		);
		this.state = emptyState('meeting1');
		for (const event of created.events) this.append(event, null);
		this.initial = this.state;
	}

	/** State right after the meeting was created (before rooms, members and questions). */
	initial: MeetingState;

	newId(): string {
		return `id${++this.ids}`;
	}

	private append(event: LoggedEvent['event'], actor: string | null): LoggedEvent {
		const logged: LoggedEvent = { seq: this.state.seq + 1, at: this.now, actor, event };
		this.state = reduce(this.state, logged);
		this.log.push(logged);
		return logged;
	}

	/** Runs a raw command as `actor`; appends and reduces accepted events. */
	run(actor: Actor, raw: Record<string, unknown>): Reply {
		const parsed = parseCommand(raw);
		if (!parsed.ok) return parsed;
		const decision = decide(this.state, parsed.command, {
			actor,
			now: this.now,
			newId: () => this.newId(),
			newToken: () => `tok${this.newId()}`,
			linkToken: (id) => `t-${id}`
		});
		if (!decision.ok) return decision;
		const events = decision.events.map((e) => this.append(e, actor.memberId ?? actor.linkId));
		return { ok: true, result: decision.result, events };
	}

	/** Runs a command that must be accepted; answers its result. */
	must(actor: Actor, raw: Record<string, unknown>): Record<string, unknown> {
		const reply = this.run(actor, raw);
		if (!reply.ok) throw new Error(`${String(raw.type)} refused: ${reply.code} ${reply.detail ?? ''}`);
		return reply.result ?? {};
	}

	organiser: Actor = { role: 'organiser', memberId: null, linkId: 'org-link', roomId: null };

	room(name: string): string {
		return String(this.must(this.organiser, { type: 'room.add', name }).id);
	}

	/** Adds a member to the roster and answers the actor they act as. */
	member(role: Role, name: string, opts: { roomId?: string | null; department?: string } = {}): Actor {
		const id = String(
			this.must(this.organiser, { type: 'member.add', name, role, roomId: opts.roomId ?? null, department: opts.department ?? '' }).id
		);
		return { role, memberId: id, linkId: `${role}-link`, roomId: null };
	}

	ask(actor: Actor, text: string, extra: Record<string, unknown> = {}): string {
		return String(this.must(actor, { type: 'question.ask', text, ...extra }).id);
	}

	q(id: string) {
		return this.state.questions.items[id];
	}
}
