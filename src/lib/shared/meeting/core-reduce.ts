/** Applies core events (the meeting itself, rooms, roster, links) to the meeting state. */
import { exhaustiveSwitchError } from '../exhaustive.js';
import type { CoreEvent } from './events.js';
import type { MeetingState } from './types.js';

/** `state` with the entry `id` of `key` (rooms, members, links) changed by `patch`; unchanged when there is none. */
function patched<K extends 'rooms' | 'members' | 'links'>(state: MeetingState, key: K, id: string, patch: Partial<MeetingState[K][string]>): MeetingState {
	const current = state[key][id];
	return current ? { ...state, [key]: { ...state[key], [id]: { ...current, ...patch } } } : state;
}

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
		case 'room.updated':
			return patched(state, 'rooms', event.id, event.patch);
		case 'room.removed': {
			const members = Object.fromEntries(
				Object.entries(state.members).map(([id, m]) => [id, m.roomId === event.id ? { ...m, roomId: null } : m])
			);
			return { ...state, rooms: without(state.rooms, event.id), members };
		}
		case 'member.added':
			return { ...state, members: { ...state.members, [event.member.id]: event.member } };
		case 'member.updated':
			return patched(state, 'members', event.id, event.patch);
		case 'member.assigned':
			return patched(state, 'members', event.id, { roomId: event.roomId });
		case 'link.created':
			return { ...state, links: { ...state.links, [event.link.id]: event.link } };
		case 'link.revoked':
			return patched(state, 'links', event.id, { revoked: true });
		case 'member.claimed':
			return patched(state, 'members', event.id, { claim: event.claim });
		case 'member.released':
			return patched(state, 'members', event.id, { claim: null });
		case 'member.removed':
			return {
				...state,
				members: without(state.members, event.id),
				formerMembers: { ...state.formerMembers, [event.id]: event.former }
			};
		case 'roster.policySet':
			return { ...state, meeting: { ...state.meeting, rosterPolicy: event.policy } };
		default:
			return exhaustiveSwitchError(event, 'type');
	}
}
