/**
 * What the minutes read from the meeting state, as narrow shapes: the programme with what actually
 * happened, and the question queue. One adapter (`sourcesFromState`) maps the slices onto them.
 */
import { elapsedMs, sortedItems, type AgendaKind } from '../agenda/types.js';
import { isPublic, type QuestionStatus } from '../questions/types.js';
import type { MeetingState } from '../meeting/types.js';

export interface ProgrammeSource {
	id: string;
	title: string;
	kind: AgendaKind;
	order: number;
	durationMinutes: number;
	/** Pinned planned start (ISO), or null to follow the previous item. */
	startsAt: string | null;
	attendance: string;
	notes: string;
	/** Written afterwards for the minutes ('' when none). */
	remark: string;
	/** When the item was current (server ms); empty when it never ran. */
	spans: { start: number; end: number | null }[];
	/** Time it ran without its pauses, ms (up to the last end; 0 while running). */
	ranMs: number;
	/** Minutes added while it ran. */
	extendedMinutes: number;
}

export type QuestionStatusSource = QuestionStatus;

export interface QuestionSource {
	id: string;
	text: string;
	direction: 'to_ministry' | 'from_ministry';
	department: string | null;
	status: QuestionStatusSource;
	votes: number;
	answer: string | null;
	replies: string[];
	askedAt: number;
}

export interface MinutesSources {
	programme: ProgrammeSource[];
	/** When the organiser closed the meeting (server ms), else null. */
	finishedAt: number | null;
	/** Questions in the public queue (approved, not hidden, not merged into another). */
	questions: QuestionSource[];
}

/** Reads the agenda and question slices into the shapes the minutes need. */
export function sourcesFromState(state: Pick<MeetingState, 'agenda' | 'questions'>): MinutesSources {
	const programme: ProgrammeSource[] = sortedItems(state.agenda).map((item) => {
		const running = item.spans.some((s) => s.end === null);
		const lastEnd = item.spans.reduce((m, s) => Math.max(m, s.end ?? 0), 0);
		return {
			id: item.id,
			title: item.title,
			kind: item.kind,
			order: item.order,
			durationMinutes: item.durationMinutes,
			startsAt: item.startsAt,
			attendance: item.attendance,
			notes: item.notes,
			remark: item.remark ?? '',
			spans: item.spans,
			ranMs: running ? 0 : elapsedMs(item, lastEnd),
			extendedMinutes: item.extensions.reduce((sum, e) => sum + e.minutes, 0)
		};
	});
	const finishedAt = state.agenda.run.finishedAt;

	const questions: QuestionSource[] = Object.values(state.questions.items)
		.filter(isPublic)
		.map((q) => ({
			id: q.id,
			text: q.text,
			direction: q.direction,
			department: q.department || null,
			status: q.status,
			votes: q.votes,
			answer: q.answer?.text ?? null,
			replies: q.replies.filter((r) => !r.hidden).map((r) => r.text),
			askedAt: q.askedAt
		}));
	return { programme, finishedAt, questions };
}
