/**
 * What the minutes read from the meeting state, as narrow shapes: the programme with what actually
 * happened, and the question queue. One adapter (`sourcesFromState`) maps the slices onto them.
 */
import { elapsedMs, sortedItems, type AgendaKind } from '../agenda/types.js';
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
	/** When the item was current (server ms); empty when it never ran. */
	spans: { start: number; end: number | null }[];
	/** Time it ran without its pauses, ms (up to the last end; 0 while running). */
	ranMs: number;
	/** Minutes added while it ran. */
	extendedMinutes: number;
}

export type QuestionStatusSource = 'open' | 'answering' | 'answered' | 'deferred';

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

function asArray<T>(v: unknown): T[] {
	return Array.isArray(v) ? (v as T[]) : [];
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
			spans: item.spans,
			ranMs: running ? 0 : elapsedMs(item, lastEnd),
			extendedMinutes: item.extensions.reduce((sum, e) => sum + e.minutes, 0)
		};
	});
	const finishedAt = state.agenda.run.finishedAt;

	const raw = Object.values(state.questions.items as Record<string, Record<string, unknown>>);
	const questions: QuestionSource[] = raw
		.filter((q) => q.approved !== false && !q.hidden && !q.mergedInto)
		.map((q) => ({
			id: String(q.id),
			text: String(q.text ?? ''),
			direction: q.direction === 'from_ministry' ? 'from_ministry' : 'to_ministry',
			department: typeof q.department === 'string' && q.department ? q.department : null,
			status: (['open', 'answering', 'answered', 'deferred'].includes(q.status as string) ? q.status : 'open') as QuestionStatusSource,
			votes: Number(q.votes ?? 0),
			answer: q.answer && typeof (q.answer as { text?: unknown }).text === 'string' ? (q.answer as { text: string }).text : null,
			replies: asArray<{ text?: unknown; hidden?: unknown }>(q.replies)
				.filter((r) => !r.hidden && typeof r.text === 'string')
				.map((r) => r.text as string),
			askedAt: Number(q.askedAt ?? 0)
		}));
	return { programme, finishedAt, questions };
}
