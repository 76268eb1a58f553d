/**
 * The pure part of the Zoom App side panel: the Zoom meeting id a meeting is linked to, Zoom's
 * breakout rooms matched to Yoriai's rooms by name (or the organiser's mapping), and the people in
 * the Zoom meeting matched to the room plan (email first, then name) before the host pushes it.
 */
import { z } from 'zod';
import { nameKey } from '../meeting/roster.js';
import type { MeetingState, Member, Role, Room } from '../meeting/types.js';
import { breakoutPlan, type BreakoutPlan } from './breakout.js';

/** Zoom's limit for `createBreakoutRooms` (names given in one call). */
export const ZOOM_SDK_ROOMS = 50;

/** A Zoom meeting id as Zoom shows it (`123 4567 8901`, `123-4567-8901`), digits only; null when it is not one. */
export function normaliseZoomMeetingId(input: string): string | null {
	const digits = input.normalize('NFKC').replace(/[\s-]/g, '');
	return /^\d{9,12}$/.test(digits) ? digits : null;
}

/** The `zoomMeetingId` setting: digits only (9 to 12), or empty to unlink. */
export const zoomMeetingIdField = z.union([z.literal(''), z.string().regex(/^\d{9,12}$/)]);

/** The name Zoom's breakout room for `room` has: its mapped Zoom name, else its own name. */
export function zoomRoomName(room: Pick<Room, 'name' | 'zoomName'>): string {
	return room.zoomName?.trim() || room.name;
}

/** The Yoriai room Zoom's breakout room `zoomName` stands for (a room's mapped Zoom name first, then its own name), or null. */
export function roomForZoomName<R extends Pick<Room, 'name' | 'zoomName'>>(rooms: readonly R[], zoomName: string): R | null {
	const key = nameKey(zoomName);
	if (!key) return null;
	return rooms.find((r) => r.zoomName && nameKey(r.zoomName) === key) ?? rooms.find((r) => !r.zoomName?.trim() && nameKey(r.name) === key) ?? null;
}

/** Someone in the Zoom meeting, as the Zoom Apps SDK tells the host (`email` when they consented to share it). */
export interface ZoomParticipant {
	participantUUID: string;
	screenName: string;
	email?: string;
}

/** One person of the plan placed in Zoom: the roster entry and who they are in the Zoom meeting. */
export interface Placement {
	member: Member;
	participantUUID: string;
	/** How they were matched. */
	by: 'email' | 'name';
}

/** The plan as the host pushes it: room by room with the people found in Zoom, and who could not be placed. */
export interface PushPlan {
	rooms: { room: Room; zoomName: string; placed: Placement[] }[];
	/** Hosts (the host's own entry) found in the plan: Zoom lets no app assign them; they move themselves. */
	selfMove: (Placement & { roomName: string })[];
	/** People of the plan not found in the Zoom meeting (not signed in, or no email or name match). */
	notInZoom: Member[];
	/** People in the Zoom meeting no roster entry of the plan matched (they stay where they are). */
	unmatched: ZoomParticipant[];
	/** True when the rooms are more than Zoom creates at once. */
	tooManyRooms: boolean;
}

/**
 * The room plan (the same `breakoutPlan` the pre-assignment CSV is made of) matched to the people in
 * the Zoom meeting: each roster entry by email, then by name (the Zoom screen name equal to the
 * roster name, spaces and width folded); one Zoom participant is placed at most once. `hosts` (the
 * host's own participant) are matched but never assigned: Zoom moves hosts with `changeBreakoutRoom` only.
 */
export function pushPlan(state: Pick<MeetingState, 'members' | 'rooms'>, participants: readonly ZoomParticipant[], hosts: readonly string[] = [], plan: BreakoutPlan = breakoutPlan(state)): PushPlan {
	const free = participants;
	const taken = new Set<string>();
	const people = plan.rooms.flatMap(({ members }) => members);
	const found = new Map<string, Placement>();
	const place = (m: Member, by: Placement['by'], same: (p: ZoomParticipant) => boolean) => {
		const p = found.has(m.id) ? undefined : free.find((p) => !taken.has(p.participantUUID) && same(p));
		if (!p) return;
		taken.add(p.participantUUID);
		found.set(m.id, { member: m, participantUUID: p.participantUUID, by });
	};
	// Emails over the whole plan first, so a name match never takes someone an email names.
	for (const m of people) if (m.email) place(m, 'email', (p) => !!p.email && p.email.toLowerCase() === m.email!.toLowerCase());
	for (const m of people) place(m, 'name', (p) => nameKey(p.screenName) === nameKey(m.name));
	const notInZoom = people.filter((m) => !found.has(m.id));
	const isHost = (p: Placement) => hosts.includes(p.participantUUID);
	const rooms = plan.rooms.map(({ room, members }) => ({ room, zoomName: zoomRoomName(room), placed: members.flatMap((m) => found.get(m.id) ?? []) }));
	const selfMove = rooms.flatMap((r) => r.placed.filter(isHost).map((p) => ({ ...p, roomName: r.zoomName })));
	for (const r of rooms) r.placed = r.placed.filter((p) => !isHost(p));
	const unmatched = free.filter((p) => !taken.has(p.participantUUID) && !hosts.includes(p.participantUUID));
	return { rooms, selfMove, notInZoom, unmatched, tooManyRooms: plan.rooms.length > ZOOM_SDK_ROOMS };
}

/** A meeting of one of the browser's own sessions, as `GET /api/v1/zoom/sessions` answers it. */
export interface ZoomSessionMeeting {
	meetingId: string;
	title: string;
	role: Role;
}

/** The answer of `GET /api/v1/zoom/sessions`: sessions of the meeting linked to the Zoom meeting, and organiser sessions of unlinked ones. */
export interface ZoomSessions {
	ok: true;
	linked: (ZoomSessionMeeting & { home: string; rooms: Pick<Room, 'id' | 'name' | 'zoomName'>[] })[];
	unlinked: ZoomSessionMeeting[];
}
