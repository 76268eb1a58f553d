/**
 * Ordering and filtering the question queue for the pages (participant, ministry, organiser): pinned
 * first, then questions being answered, then by votes or by time; answered ones sink to the end when
 * sorting by votes. Pure, so the order is the same on every screen.
 */
import type { Direction, Question, QuestionStatus } from './types.js';

export type SortBy = 'votes' | 'time';

export interface QueueFilter {
	direction?: Direction | '';
	/** A department, '' for all, or '-' for questions addressed to no department. */
	department?: string;
	/** A room id, '' for all, or '-' for questions from no room. */
	roomId?: string;
	status?: QuestionStatus | '';
}

const statusRank: Record<QuestionStatus, number> = { answering: 0, open: 1, deferred: 1, answered: 2 };

/** True when `q` passes `filter`. */
export function matches(q: Question, filter: QueueFilter): boolean {
	if (filter.direction && q.direction !== filter.direction) return false;
	if (filter.department === '-' ? q.department !== null : filter.department && q.department !== filter.department) return false;
	if (filter.roomId === '-' ? q.roomId !== null : filter.roomId && q.roomId !== filter.roomId) return false;
	if (filter.status && q.status !== filter.status) return false;
	return true;
}

/**
 * The questions of `items` that pass `filter`, ordered. With `preferDepartment` (a ministry
 * respondent's department), questions addressed to it come before the others.
 */
export function orderQueue(items: Iterable<Question>, filter: QueueFilter, sort: SortBy, preferDepartment: string | null = null): Question[] {
	const list = [...items].filter((q) => matches(q, filter));
	const prefer = (q: Question) => (preferDepartment && q.department === preferDepartment ? 0 : 1);
	return list.sort(
		(a, b) =>
			Number(b.pinned) - Number(a.pinned) ||
			prefer(a) - prefer(b) ||
			(sort === 'votes'
				? statusRank[a.status] - statusRank[b.status] || b.votes - a.votes || a.askedAt - b.askedAt
				: b.askedAt - a.askedAt) ||
			a.id.localeCompare(b.id)
	);
}
