/**
 * Zoom's participant report (CSV) read into attendance: the summary block (Meeting ID, Topic, Start
 * Time, End Time, User Email, Duration, Participants), then one row per connection — `Name (Original
 * Name)`, `User Email`, `Join Time`, `Leave Time`, `Duration (Minutes)`, `Guest` — a reconnect adding a
 * row. English and Japanese exports are read. People are matched to roster entries by email, then by
 * name (the shown name or the original one in brackets); the rest are left for the organiser to review.
 */
import { z } from 'zod';
import { LIMITS } from '../schemas.js';
import { nameKey } from '../meeting/roster.js';
import type { MeetingState } from '../meeting/types.js';

/** One person's time in the meeting, summed over their connections. */
export interface Presence {
	minutes: number;
	/** Connections (a reconnect adds one). */
	joins: number;
}

/** Someone in the report no roster entry matched. */
export interface UnmatchedPresence extends Presence {
	name: string;
	email: string;
}

export const presence = { minutes: z.number().int().min(0).max(24 * 60 * 7), joins: z.number().int().min(1).max(10_000) };

/** The Zoom meeting a report is of. */
export const reportSource = z
	.object({
		meetingId: z.string().max(LIMITS.short),
		topic: z.string().max(LIMITS.title),
		start: z.string().max(LIMITS.short),
		end: z.string().max(LIMITS.short)
	})
	.strict();
export type ReportSource = z.infer<typeof reportSource>;

/** The attendance a meeting holds (the latest report recorded). */
export interface Attendance {
	source: ReportSource;
	/** Per roster entry. */
	present: Record<string, Presence>;
	unmatched: UnmatchedPresence[];
	recordedAt: number;
}

/** One connection row of the report. */
export interface ReportRow {
	name: string;
	originalName: string;
	email: string;
	minutes: number;
}

const key = (s: string) => s.normalize('NFKC').replace(/[\s_]/g, '').toLowerCase();
const SUMMARY_FIRST = ['meetingid', 'ミーティングid'];
const PARTICIPANT_FIRST = ['name(originalname)', '名前(元の名前)', 'name', '名前'];

/** The report's summary and rows; null when `cells` is not a participant report. */
export function readParticipantReport(cells: readonly (readonly string[])[]): { source: ReportSource; rows: ReportRow[] } | null {
	const headerAt = cells.findIndex((r) => PARTICIPANT_FIRST.includes(key(r[0] ?? '')) && r.length >= 3);
	if (headerAt < 0) return null;
	const header = cells[headerAt].map(key);
	const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
	const email = col('useremail', 'ユーザーメール', 'メール', 'email');
	const minutes = col('duration(minutes)', '期間(分)', '時間(分)', '合計時間(分)');
	if (minutes < 0) return null;
	const summaryAt = cells.findIndex((r, i) => i < headerAt && SUMMARY_FIRST.includes(key(r[0] ?? '')));
	const summary = summaryAt >= 0 ? cells[summaryAt + 1] ?? [] : [];
	const source = { meetingId: (summary[0] ?? '').slice(0, LIMITS.short), topic: (summary[1] ?? '').slice(0, LIMITS.title), start: (summary[2] ?? '').slice(0, LIMITS.short), end: (summary[3] ?? '').slice(0, LIMITS.short) };
	const rows = cells.slice(headerAt + 1).flatMap((r) => {
		const shown = (r[0] ?? '').trim();
		if (!shown) return [];
		const m = /^(.*?)\s*[(（]([^()（）]*)[)）]\s*$/.exec(shown);
		const n = Number((r[minutes] ?? '').trim());
		return [{ name: m ? m[1] : shown, originalName: m ? m[2] : '', email: email >= 0 ? (r[email] ?? '').trim() : '', minutes: Number.isFinite(n) && n >= 0 ? Math.round(n) : 0 }];
	});
	return { source, rows };
}

/** The report's people matched to roster entries (by email, then by name), connections summed. */
export function matchAttendance(rows: readonly ReportRow[], state: Pick<MeetingState, 'members'>): { present: Record<string, Presence>; unmatched: UnmatchedPresence[] } {
	const members = Object.values(state.members);
	const present: Record<string, Presence> = {};
	const unmatched = new Map<string, UnmatchedPresence>();
	for (const r of rows) {
		const byEmail = r.email ? members.find((m) => m.email && m.email.toLowerCase() === r.email.toLowerCase()) : undefined;
		const byName = byEmail ?? members.find((m) => nameKey(m.name) === nameKey(r.name) || (r.originalName && nameKey(m.name) === nameKey(r.originalName)));
		if (byName) {
			const p = (present[byName.id] ??= { minutes: 0, joins: 0 });
			p.minutes += r.minutes;
			p.joins++;
			continue;
		}
		const id = r.email ? `e:${r.email.toLowerCase()}` : `n:${nameKey(r.name)}`;
		const u = unmatched.get(id) ?? { name: r.name, email: r.email, minutes: 0, joins: 0 };
		u.minutes += r.minutes;
		u.joins++;
		unmatched.set(id, u);
	}
	return { present, unmatched: [...unmatched.values()] };
}
