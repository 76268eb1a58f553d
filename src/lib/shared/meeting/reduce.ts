/**
 * `reduce(state, event)`: the one way meeting state changes, on the server and in every browser replica.
 * Pure and exhaustive: a new event type that is not handled here fails to compile.
 */
import { emptyAgenda } from '../agenda/types.js';
import { reduceAgenda } from '../agenda/reduce.js';
import { emptyQuestions } from '../questions/types.js';
import { reduceQuestions } from '../questions/reduce.js';
import { emptyPlenary } from '../plenary/types.js';
import { reducePlenary } from '../plenary/reduce.js';
import type { PlenaryEvent } from '../plenary/events.js';
import type { CoreEvent, LoggedEvent, MeetingEvent } from './events.js';
import type { AgendaEvent } from '../agenda/events.js';
import type { QuestionEvent } from '../questions/events.js';
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
		plenary: emptyPlenary()
	};
}

function without<T>(record: Record<string, T>, id: string): Record<string, T> {
	const next = { ...record };
	delete next[id];
	return next;
}

function reduceCore(state: MeetingState, event: CoreEvent): MeetingState {
	switch (event.type) {
		case 'meeting.created':
			return { ...state, meeting: event.meeting };
		case 'meeting.updated':
			return { ...state, meeting: { ...state.meeting, ...event.patch } };
		case 'room.added':
			return { ...state, rooms: { ...state.rooms, [event.room.id]: event.room } };
		case 'room.updated': {
			const room = state.rooms[event.id];
			return room ? { ...state, rooms: { ...state.rooms, [room.id]: { ...room, ...event.patch } } } : state;
		}
		case 'room.removed': {
			const members = Object.fromEntries(
				Object.entries(state.members).map(([id, m]) => [id, m.roomId === event.id ? { ...m, roomId: null } : m])
			);
			return { ...state, rooms: without(state.rooms, event.id), members };
		}
		case 'member.added':
			return { ...state, members: { ...state.members, [event.member.id]: event.member } };
		case 'member.updated': {
			const member = state.members[event.id];
			return member ? { ...state, members: { ...state.members, [member.id]: { ...member, ...event.patch } } } : state;
		}
		case 'member.assigned': {
			const member = state.members[event.id];
			return member ? { ...state, members: { ...state.members, [member.id]: { ...member, roomId: event.roomId } } } : state;
		}
		case 'link.created':
			return { ...state, links: { ...state.links, [event.link.id]: event.link } };
		case 'link.revoked': {
			const link = state.links[event.id];
			return link ? { ...state, links: { ...state.links, [link.id]: { ...link, revoked: true } } } : state;
		}
		default: {
			const unhandled: never = event;
			return unhandled;
		}
	}
}

const isAgendaEvent = (e: MeetingEvent): e is AgendaEvent => e.type.startsWith('agenda.') || e.type.startsWith('broadcast.');
const isQuestionEvent = (e: MeetingEvent): e is QuestionEvent => e.type.startsWith('question.');
const isPlenaryEvent = (e: MeetingEvent): e is PlenaryEvent => e.type.startsWith('plenary.') || e.type.startsWith('summary.');

/** Applies one logged event; returns a new state with `seq` advanced. */
export function reduce(state: MeetingState, logged: LoggedEvent): MeetingState {
	const e = logged.event;
	let next: MeetingState;
	if (isAgendaEvent(e)) next = { ...state, agenda: reduceAgenda(state.agenda, e, logged.at) };
	else if (isQuestionEvent(e)) next = { ...state, questions: reduceQuestions(state.questions, e, logged.at) };
	else if (isPlenaryEvent(e)) next = { ...state, plenary: reducePlenary(state.plenary, e, logged.at) };
	else next = reduceCore(state, e as CoreEvent);
	return { ...next, seq: logged.seq };
}

/** Folds a list of logged events onto a state. */
export function reduceAll(state: MeetingState, events: readonly LoggedEvent[]): MeetingState {
	return events.reduce(reduce, state);
}
