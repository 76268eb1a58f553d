/**
 * `reduce(state, event)`: the one way meeting state changes, on the server and in every browser replica.
 * Pure and exhaustive: routing is the slice table's (meeting/slices.ts), which fails to compile when an
 * event type is routed by no slice, and each slice's reducer switches exhaustively over its own events.
 */
import { emptyPrivacy } from '../privacy/types.js';
import { emptyAgenda } from '../agenda/types.js';
import { emptyQuestions } from '../questions/types.js';
import { emptyPlenary } from '../plenary/types.js';
import { normaliseEvent } from './event-aliases.js';
import type { LoggedEvent } from './events.js';
import { sliceOf } from './slices.js';
import type { MeetingState } from './types.js';

/** State of a meeting before its first event. */
export function emptyState(id: string): MeetingState {
	return {
		seq: 0,
		meeting: {
			id,
			title: '',
			startsAt: new Date(0).toISOString(),
			endsAt: null,
			timezone: 'Asia/Tokyo',
			method: '',
			description: '',
			createdAt: 0,
			previousMeetingId: null,
			nextMeetingId: null,
			departments: []
		},
		rooms: {},
		members: {},
		links: {},
		agenda: emptyAgenda(),
		questions: emptyQuestions(),
		plenary: emptyPlenary(),
		privacy: emptyPrivacy()
	};
}

/**
 * Applies one logged event; returns a new state with `seq` advanced. The event's slice comes from the
 * slice table (meeting/slices.ts); a renamed type from an older log is read under today's name first.
 * Throws on a type no slice routes.
 */
export function reduce(state: MeetingState, logged: LoggedEvent): MeetingState {
	const { event } = normaliseEvent(logged);
	const next = sliceOf(event.type).reduce(state, event, logged.at);
	return { ...next, seq: logged.seq };
}

/** Folds a list of logged events onto a state. */
export function reduceAll(state: MeetingState, events: readonly LoggedEvent[]): MeetingState {
	return events.reduce(reduce, state);
}
