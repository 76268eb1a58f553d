/**
 * Planned schedule: each item's planned start from the meeting start, durations and pinned starts.
 */
import type { MeetingState } from '../meeting/types.js';
import { planShiftMs } from './phase.js';
import { sortedItems, type AgendaItem } from './types.js';

export interface PlannedRow {
	item: AgendaItem;
	/** Planned start, ms since epoch. */
	start: number;
	/** Planned end, ms since epoch. */
	end: number;
	/** Planned start minus the previous item's planned end: > 0 a gap, < 0 an overlap (pinned starts). */
	gapMs: number;
}

/**
 * Items in order with planned start and end: a pinned `startsAt` wins, else the previous end. During
 * a rehearsal the whole plan moves to start when the rehearsal started.
 */
export function plannedSchedule(state: Pick<MeetingState, 'agenda' | 'meeting'>): PlannedRow[] {
	const shift = planShiftMs(state.agenda.run, state.meeting);
	let cursor = Date.parse(state.meeting.startsAt) + shift;
	return sortedItems(state.agenda).map((item) => {
		const start = item.startsAt ? Date.parse(item.startsAt) + shift : cursor;
		const end = start + item.durationMinutes * 60_000;
		const gapMs = start - cursor;
		cursor = end;
		return { item, start, end, gapMs };
	});
}
