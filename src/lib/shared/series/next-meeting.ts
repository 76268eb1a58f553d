/**
 * The next meeting of a series, from the one before it: the body of the new meeting and the
 * commands that copy what the organiser chose to keep — the programme (次第, without fixed times:
 * the date changes), the rooms and the roster (without anyone's claims or self-joins). Carrying the
 * open items over reuses the questions' carry-over (questions/carry.ts).
 */
import { z } from 'zod';
import { sortedItems } from '../agenda/types.js';
import { nextMonth, nextTitle } from '../questions/carry.js';
import { instant, LIMITS, optionalText, text } from '../schemas.js';
import type { CreateMeetingBody } from '../schemas.js';
import { sortedRooms, type MeetingState } from '../meeting/types.js';
import { IMPORT_MAX_ROWS } from '../meeting/roster-commands.js';
import { SERIES_LIMITS } from './types.js';

/** Body of `POST /api/v1/series/:id/meetings`: a next meeting, or (`meetingToken`) an existing one moved in. */
export const nextMeetingBody = z
	.object({
		title: text(LIMITS.title).optional(),
		startsAt: instant.optional(),
		endsAt: instant.nullable().optional(),
		region: optionalText(SERIES_LIMITS.region).nullable().optional(),
		copy: z.object({ programme: z.boolean().default(true), rooms: z.boolean().default(true), roster: z.boolean().default(true) }).strict().default({ programme: true, rooms: true, roster: true }),
		carry: z.boolean().default(true),
		/** Moves an existing meeting into the series instead: the organiser token of that meeting. */
		meetingToken: z.string().min(1).max(200).optional(),
		/** Moves an existing meeting in by this browser's organiser session of it (its console), instead of a token. */
		meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional()
	})
	.strict()
	.refine((b) => !(b.meetingToken && b.meetingId), { message: 'meetingToken or meetingId, not both', path: ['meetingId'] });
export type NextMeetingBody = z.infer<typeof nextMeetingBody>;

/** Body of `POST /api/v1/series`. */
export const createSeriesBody = z
	.object({
		title: text(LIMITS.title),
		/** Who holds the ministry's link (shown as "who" for its answers), e.g. the department. */
		ministryLabel: optionalText(SERIES_LIMITS.label).default(''),
		/**
		 * From a meeting's console: moves that meeting in as the series' first, by this browser's
		 * organiser session of it. Checked before the series is made, so a refusal leaves nothing behind.
		 */
		meetingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
		/** The moved meeting's region. */
		region: optionalText(SERIES_LIMITS.region).nullable().optional()
	})
	.strict();

/** The new meeting's body: the previous meeting's settings, a month later unless a date is given. */
export function nextMeetingCreate(prev: MeetingState, body: NextMeetingBody, seriesTitle: string): CreateMeetingBody {
	const fixed = prev.plenary.summary.nextDate;
	const when = body.startsAt
		? { startsAt: body.startsAt, endsAt: body.endsAt ?? null }
		: fixed.startsAt
			? { startsAt: fixed.startsAt, endsAt: fixed.endsAt }
			: nextMonth(prev.meeting.startsAt, prev.meeting.endsAt, prev.meeting.timezone);
	return {
		title: body.title ?? nextTitle(prev.meeting.title || seriesTitle),
		startsAt: when.startsAt,
		endsAt: when.endsAt,
		timezone: prev.meeting.timezone,
		method: prev.meeting.method,
		description: prev.meeting.description,
		departments: prev.meeting.departments,
		previousMeetingId: prev.meeting.id
	};
}

/** `agenda.add` payloads copying the programme in order (no fixed start times). */
export function programmeCopy(prev: MeetingState): Record<string, unknown>[] {
	return sortedItems(prev.agenda).map((i) => ({
		type: 'agenda.add',
		title: i.title,
		durationMinutes: i.durationMinutes,
		kind: i.kind,
		startsAt: null,
		presenter: i.presenter,
		notes: i.notes,
		attendance: i.attendance
	}));
}

/** `room.add` payloads copying the rooms in order. */
export function roomsCopy(prev: MeetingState): Record<string, unknown>[] {
	return sortedRooms(prev).map((r) => ({ type: 'room.add', name: r.name, purpose: r.purpose, editPolicy: r.editPolicy }));
}

/**
 * The `roster.import` payload copying the roster entries (everyone but the display; nobody holds
 * an entry yet), each in the room of the same name in the new meeting; null when empty.
 */
export function rosterCopy(prev: MeetingState, next: Pick<MeetingState, 'rooms'>): Record<string, unknown> | null {
	const roomByName = new Map(Object.values(next.rooms).map((r) => [r.name, r.id]));
	const entries = Object.values(prev.members)
		.filter((m) => m.role !== 'display')
		.sort((a, b) => a.createdAt - b.createdAt)
		.slice(0, IMPORT_MAX_ROWS)
		.map((m) => ({
			name: m.name,
			organisation: m.organisation,
			category: m.category,
			department: m.department,
			role: m.role,
			roomId: (m.roomId && prev.rooms[m.roomId] && roomByName.get(prev.rooms[m.roomId].name)) || null,
			email: m.email ?? ''
		}));
	return entries.length ? { type: 'roster.import', entries } : null;
}
