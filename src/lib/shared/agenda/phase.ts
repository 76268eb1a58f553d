/**
 * The meeting's phase as people live it — before / running / finished / rehearsal — read from the
 * agenda's run, so every screen (console, member home, ministry desk, boards, display, minutes)
 * words it the same way. Also: how far a rehearsal moves the plan, and the "another day" check.
 */
import type { MeetingInfo } from '../meeting/types.js';
import { isoToZoned } from '../time/zoned.js';
import type { AgendaRun } from './types.js';

export const MEETING_PHASES = ['before', 'running', 'finished', 'rehearsal'] as const;
export type MeetingPhase = (typeof MEETING_PHASES)[number];

/**
 * `rehearsal` while a rehearsal run exists (running or ended, until it is reset); otherwise
 * `before` until the first start, `running` until 会議を終了, then `finished`.
 */
export function meetingPhase(run: AgendaRun): MeetingPhase {
	if (run.rehearsal === true) return 'rehearsal';
	if (run.status === 'finished') return 'finished';
	return run.startedAt === null ? 'before' : 'running';
}

/**
 * How far the planned times move: a rehearsal runs the programme from the moment it started (its
 * forecast is for today, not for the meeting's day); a real run keeps the plan as it is.
 */
export function planShiftMs(run: AgendaRun, meeting: Pick<MeetingInfo, 'startsAt'>): number {
	return run.rehearsal === true && run.startedAt !== null ? run.startedAt - Date.parse(meeting.startsAt) : 0;
}

/** True when `now` falls on another calendar day (in the meeting's time zone) than its planned start. */
export function isOtherDay(meeting: Pick<MeetingInfo, 'startsAt' | 'timezone'>, now: number): boolean {
	return isoToZoned(now, meeting.timezone).date !== isoToZoned(meeting.startsAt, meeting.timezone).date;
}

/**
 * True while a question counts as asked before the meeting (事前質問): nothing has run yet and the
 * planned start is still ahead. A finished or rehearsed meeting is never "before" again.
 */
export function isPreMeeting(state: { meeting: Pick<MeetingInfo, 'startsAt'>; agenda: { run: AgendaRun } }, now: number): boolean {
	return meetingPhase(state.agenda.run) === 'before' && now < Date.parse(state.meeting.startsAt);
}
