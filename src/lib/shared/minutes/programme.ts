/**
 * The programme as it was planned and as it ran: planned start/end from the agenda, actual start/end
 * from the run's spans, and a mark for items that overran or were cut (never started).
 */
import type { MinutesSources, ProgrammeSource } from './sources.js';

export type ProgrammeMark = 'done' | 'overran' | 'cut' | 'running' | 'pending';

export interface ProgrammeRow {
	no: number;
	id: string;
	title: string;
	kind: ProgrammeSource['kind'];
	attendance: string;
	notes: string;
	remark: string;
	/** True when the item has its own fixed start (「14:40〜」). */
	pinned: boolean;
	plannedStart: number;
	plannedEnd: number;
	actualStart: number | null;
	/** Null when it never ran or is still running. */
	actualEnd: number | null;
	/** Whole minutes the item ran beyond its planned duration (0 when on time). */
	overrunMinutes: number;
	extendedMinutes: number;
	mark: ProgrammeMark;
}

/** Planned and actual rows, in programme order. An item that never ran is `cut` once the meeting finished or a later item ran. */
export function programmeRows(sources: MinutesSources, meetingStartsAt: string): ProgrammeRow[] {
	let cursor = Date.parse(meetingStartsAt);
	const rows: ProgrammeRow[] = sources.programme.map((item, i) => {
		const plannedStart = item.startsAt ? Date.parse(item.startsAt) : cursor;
		const plannedEnd = plannedStart + item.durationMinutes * 60_000;
		cursor = plannedEnd;
		const started = item.spans.length > 0;
		const running = item.spans.some((s) => s.end === null);
		const actualStart = started ? Math.min(...item.spans.map((s) => s.start)) : null;
		const actualEnd = started && !running ? Math.max(...item.spans.map((s) => s.end as number)) : null;
		const overrunMinutes = started && !running ? Math.max(0, Math.round(item.ranMs / 60_000 - item.durationMinutes)) : 0;
		const mark: ProgrammeMark = running ? 'running' : started ? (overrunMinutes >= 1 ? 'overran' : 'done') : 'pending';
		return {
			no: i + 1,
			id: item.id,
			title: item.title,
			kind: item.kind,
			attendance: item.attendance,
			notes: item.notes,
			remark: item.remark,
			pinned: item.startsAt !== null,
			plannedStart,
			plannedEnd,
			actualStart,
			actualEnd,
			overrunMinutes,
			extendedMinutes: item.extendedMinutes,
			mark
		};
	});
	const lastStarted = rows.reduce((last, r, i) => (r.actualStart !== null ? i : last), -1);
	for (const [i, r] of rows.entries()) if (r.mark === 'pending' && (sources.finishedAt !== null || i < lastStarted)) r.mark = 'cut';
	return rows;
}

/** Actual start and end of the meeting from the run (null when it never started). */
export function actualSpan(rows: ProgrammeRow[], finishedAt: number | null): { start: number; end: number | null } | null {
	const starts = rows.filter((r) => r.actualStart !== null).map((r) => r.actualStart as number);
	if (!starts.length) return null;
	const ends = rows.filter((r) => r.actualEnd !== null).map((r) => r.actualEnd as number);
	return { start: Math.min(...starts), end: finishedAt ?? (ends.length ? Math.max(...ends) : null) };
}
