/**
 * The room plan as Zoom's breakout-room pre-assignment CSV (columns `Pre-assign Room Name`,
 * `Email Address`): one row per roster entry with a room and an email, the others listed so the
 * organiser can add them in Zoom by hand, and Zoom's limits checked (100 rooms, 1,000 people). The
 * same plan, room by room, is what the Zoom App side panel creates in the meeting (src/lib/shared/zoom/panel.ts).
 */
import { sortedMembers, sortedRooms, type MeetingState, type Member, type Room } from '../meeting/types.js';

/** Zoom's limits for pre-assigned breakout rooms. */
export const ZOOM_LIMITS = { rooms: 100, people: 1000 } as const;

export const BREAKOUT_HEADER = ['Pre-assign Room Name', 'Email Address'];

export interface BreakoutPlan {
	/** Every room in its order with the people seated in it (with or without an email): what the Zoom App pushes. */
	rooms: { room: Room; members: Member[] }[];
	/** Header row first, then room name and email per person. */
	table: string[][];
	/** People in a room without an email: Zoom cannot pre-assign them. */
	missingEmail: Member[];
	/** Limits of Zoom's the plan goes over (empty when it fits). */
	overLimits: ('rooms' | 'people')[];
}

/** The pre-assignment plan of the meeting's rooms (rooms in their order, people as the roster sorts them). */
export function breakoutPlan(state: Pick<MeetingState, 'members' | 'rooms'>): BreakoutPlan {
	const rooms = sortedRooms(state);
	const seated = sortedMembers(state).filter((m) => m.roomId && state.rooms[m.roomId] && m.role !== 'display');
	const withEmail = seated.filter((m) => m.email);
	const plan = rooms.map((room) => ({ room, members: seated.filter((m) => m.roomId === room.id) }));
	const table = [BREAKOUT_HEADER, ...plan.flatMap(({ room, members }) => members.filter((m) => m.email).map((m) => [room.name, m.email!]))];
	const usedRooms = new Set(withEmail.map((m) => m.roomId)).size;
	const overLimits: BreakoutPlan['overLimits'] = [];
	if (usedRooms > ZOOM_LIMITS.rooms) overLimits.push('rooms');
	if (withEmail.length > ZOOM_LIMITS.people) overLimits.push('people');
	return { rooms: plan, table, missingEmail: seated.filter((m) => !m.email), overLimits };
}
