/**
 * The live forecast: from the plan, what actually happened and the server's `now`, when each item is
 * expected to start and end, when the meeting will end ("15:52終了見込み（+7分）"), and which later
 * items would not fit before the meeting's end. Pure: the clock comes in as an argument.
 */
import type { MeetingState } from '../meeting/types.js';
import { planShiftMs } from './phase.js';
import { plannedSchedule } from './schedule.js';
import { actualTimes, allottedMs, elapsedMs, sortedItems, type AgendaItem, type AgendaState, type RunStatus } from './types.js';

export type ItemStatus = 'done' | 'current' | 'upcoming' | 'skipped';

export interface ItemForecast {
	item: AgendaItem;
	status: ItemStatus;
	plannedStart: number;
	plannedEnd: number;
	/** Actual times (server clock) when known. */
	actualStart: number | null;
	actualEnd: number | null;
	/** Actual for done items; forecast for the current and upcoming ones; planned for skipped ones. */
	expectedStart: number;
	expectedEnd: number;
	/** Expected start minus planned start (> 0 = late), ms. */
	delayMs: number;
	/** How much of this item falls after the deadline (0 when it fits), ms. Current and upcoming only. */
	squeezedMs: number;
}

export interface CurrentForecast {
	item: AgendaItem;
	paused: boolean;
	allottedMs: number;
	elapsedMs: number;
	/** Negative once over time. */
	remainingMs: number;
	/** Server time at which the countdown reaches zero if nothing changes (moves while paused). */
	endsAt: number;
}

export interface Forecast {
	status: RunStatus;
	rows: ItemForecast[];
	current: CurrentForecast | null;
	/** End of the programme as planned; null without items. */
	plannedEnd: number | null;
	/** The meeting's booked end (meeting.endsAt) or, without one, the planned end. */
	deadline: number | null;
	/** When the meeting is expected to end at this pace (the actual end once finished). */
	expectedEnd: number | null;
	/** expectedEnd − plannedEnd (> 0 = later than planned), ms. */
	deltaMs: number;
	/** Current and upcoming items that would run past the deadline, in order. */
	squeezed: ItemForecast[];
}

/**
 * Each item's place in the run: `done` (it ran and is not current), `current`, `upcoming` (after the
 * current one, or all before the start), `skipped` (passed over, or never held once finished).
 */
export function itemStatuses(agenda: AgendaState): Record<string, ItemStatus> {
	const { run } = agenda;
	const items = sortedItems(agenda);
	const currentIndex = items.findIndex((i) => i.id === run.currentId);
	const out: Record<string, ItemStatus> = {};
	items.forEach((item, index) => {
		if (index === currentIndex) out[item.id] = 'current';
		else if (item.spans.length > 0) out[item.id] = 'done';
		else if (run.status !== 'finished' && (currentIndex < 0 || index > currentIndex)) out[item.id] = 'upcoming';
		else out[item.id] = 'skipped';
	});
	return out;
}

/**
 * Forecast at server time `now`. Upcoming items are expected to start when the one before ends, but
 * not before their planned start (a pinned start or slack in the plan absorbs a delay).
 */
export function forecast(state: Pick<MeetingState, 'agenda' | 'meeting'>, now: number): Forecast {
	const { run } = state.agenda;
	const planned = plannedSchedule(state);
	const currentRow = planned.find((r) => r.item.id === run.currentId);

	let current: CurrentForecast | null = null;
	if (currentRow) {
		const item = currentRow.item;
		const allotted = allottedMs(item);
		const elapsed = elapsedMs(item, now);
		const remaining = allotted - elapsed;
		current = { item, paused: run.status === 'paused', allottedMs: allotted, elapsedMs: elapsed, remainingMs: remaining, endsAt: now + remaining };
	}

	const statuses = itemStatuses(state.agenda);
	let cursor = current ? now + Math.max(0, current.remainingMs) : now;
	const rows: ItemForecast[] = planned.map((row) => {
		const actual = actualTimes(row.item);
		const status = statuses[row.item.id];
		const base = { item: row.item, status, plannedStart: row.start, plannedEnd: row.end, actualStart: actual.start, actualEnd: actual.end, squeezedMs: 0 };
		if (status === 'current') {
			const start = actual.start ?? now;
			return { ...base, expectedStart: start, expectedEnd: cursor, delayMs: start - row.start };
		}
		if (status === 'done') {
			const start = actual.start!;
			return { ...base, expectedStart: start, expectedEnd: actual.end ?? start, delayMs: start - row.start };
		}
		if (status === 'skipped') return { ...base, expectedStart: row.start, expectedEnd: row.end, delayMs: 0 };
		const start = Math.max(cursor, row.start);
		cursor = start + row.item.durationMinutes * 60_000;
		return { ...base, expectedStart: start, expectedEnd: cursor, delayMs: start - row.start };
	});

	const plannedEnd = planned.length ? Math.max(...planned.map((r) => r.end)) : null;
	const deadline = state.meeting.endsAt ? Date.parse(state.meeting.endsAt) + planShiftMs(run, state.meeting) : plannedEnd;
	const live = rows.filter((r) => r.status === 'current' || r.status === 'upcoming');
	let expectedEnd: number | null;
	if (run.status === 'finished') expectedEnd = run.finishedAt;
	else if (live.length) expectedEnd = Math.max(...live.map((r) => r.expectedEnd));
	else {
		const ends = rows.map((r) => r.actualEnd).filter((e): e is number => e !== null);
		expectedEnd = ends.length ? Math.max(...ends) : plannedEnd;
	}

	if (deadline !== null)
		for (const r of live) r.squeezedMs = Math.max(0, Math.min(r.expectedEnd - deadline, r.expectedEnd - r.expectedStart));

	return {
		status: run.status,
		rows,
		current,
		plannedEnd,
		deadline,
		expectedEnd,
		deltaMs: expectedEnd !== null && plannedEnd !== null ? expectedEnd - plannedEnd : 0,
		squeezed: live.filter((r) => r.squeezedMs > 0)
	};
}

/** Whole minutes of a signed duration, rounded half away from zero (for "+7分"). */
export function roundMinutes(ms: number): number {
	return Math.sign(ms) * Math.round(Math.abs(ms) / 60_000) || 0;
}

/**
 * A countdown as shown: remaining time rounds up (00:01 until the very end), over time counts up
 * from 00:00. `h:mm:ss` from one hour.
 */
export function formatCountdown(remaining: number): { text: string; over: boolean } {
	const over = remaining <= 0;
	const seconds = over ? Math.floor(-remaining / 1000) : Math.ceil(remaining / 1000);
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	const pad = (n: number) => String(n).padStart(2, '0');
	return { text: h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`, over };
}
