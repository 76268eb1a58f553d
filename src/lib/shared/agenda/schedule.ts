/**
 * Planned schedule: each item's planned start from the meeting start, durations and pinned starts.
 */
import type { MeetingState } from '../meeting/types.js';
import type { AgendaItem } from './types.js';

export interface PlannedRow {
	item: AgendaItem;
	/** Planned start, ms since epoch. */
	start: number;
	/** Planned end, ms since epoch. */
	end: number;
}

/** Items in order with planned start and end: a pinned `startsAt` wins, else the previous end. */
export function plannedSchedule(state: Pick<MeetingState, 'agenda' | 'meeting'>): PlannedRow[] {
	const items = Object.values(state.agenda.items).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
	let cursor = Date.parse(state.meeting.startsAt);
	return items.map((item) => {
		const start = item.startsAt ? Date.parse(item.startsAt) : cursor;
		const end = start + item.durationMinutes * 60_000;
		cursor = end;
		return { item, start, end };
	});
}
