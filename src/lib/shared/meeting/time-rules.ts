/**
 * Times that cannot be: a meeting that ends before it starts (「14:00〜13:00」), one longer than a
 * day, an agenda item pinned outside its meeting. Checked on create, `meeting.update` and the agenda
 * commands; refused with `invalid_time` and the field in `detail`, which the forms show next to it.
 */
import { refuse, type Refusal } from '../errors.js';
import type { MeetingInfo } from './types.js';

/** Longest meeting accepted: anything longer is a typo in the date. */
export const MAX_MEETING_MS = 24 * 3600_000;

/** The refusal for a meeting from `startsAt` to `endsAt` (null = open end), or null when it can be. */
export function meetingTimesRefusal(startsAt: string, endsAt: string | null | undefined): Refusal | null {
	if (!endsAt) return null;
	const length = Date.parse(endsAt) - Date.parse(startsAt);
	if (length <= 0) return refuse('invalid_time', 'endsAt: before start');
	if (length > MAX_MEETING_MS) return refuse('invalid_time', 'endsAt: longer than a day');
	return null;
}

/** The refusal for an item pinned to start at `startsAt` in `meeting`, or null when it fits in it. */
export function itemStartRefusal(meeting: Pick<MeetingInfo, 'startsAt' | 'endsAt'>, startsAt: string | null | undefined): Refusal | null {
	if (!startsAt) return null;
	const at = Date.parse(startsAt);
	const start = Date.parse(meeting.startsAt);
	const end = meeting.endsAt ? Date.parse(meeting.endsAt) : start + MAX_MEETING_MS;
	if (at < start) return refuse('invalid_time', 'startsAt: before the meeting');
	if (at >= end) return refuse('invalid_time', 'startsAt: after the meeting');
	return null;
}

/** The form field a time refusal is about (`endsAt`, `startsAt`), from its detail. */
export function timeRefusalField(detail: string | undefined): 'startsAt' | 'endsAt' | null {
	const field = detail?.split(':')[0];
	return field === 'startsAt' || field === 'endsAt' ? field : null;
}
