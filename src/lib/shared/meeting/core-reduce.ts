/** Applies core events (the meeting itself, rooms, roster, links) to the meeting state. */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { CoreEvent } from './events.js';
import type { MeetingState } from './types.js';

function without<T>(record: Record<string, T>, id: string): Record<string, T> {
	const next = { ...record };
	delete next[id];
	return next;
}

/** Applies one core event; never mutates its input. */
export function reduceCore(state: MeetingState, event: CoreEvent): MeetingState {
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
		default:
			return exhaustiveSwitchError(event, 'type');
	}
}
