/**
 * What merging roster entry `dropId` into `keepId` means for the rest of the meeting, as events the
 * slices already route and redact: questions, replies and answers by the dropped entry are re-authored
 * (one `question.authorChanged` snapshot each), and every vote — on questions and on next themes —
 * is counted once for the kept entry.
 */
import { snapshot } from '../questions/lookup.js';
import type { MeetingEvent } from './events.js';
import type { MeetingState } from './types.js';

/** The events that move `dropId`'s questions and votes to `keepId` (the roster change itself is the caller's). */
export function mergeEvents(state: MeetingState, dropId: string, keepId: string): MeetingEvent[] {
	const swap = (id: string | null) => (id === dropId ? keepId : id);
	const events: MeetingEvent[] = [];
	for (const q of Object.values(state.questions.items)) {
		const touched = q.authorId === dropId || q.answer?.byId === dropId || q.replies.some((r) => r.authorId === dropId);
		if (!touched) continue;
		events.push(
			snapshot('question.authorChanged', {
				...q,
				authorId: swap(q.authorId),
				answer: q.answer && { ...q.answer, byId: swap(q.answer.byId) },
				replies: q.replies.map((r) => (r.authorId === dropId ? { ...r, authorId: keepId } : r))
			})
		);
	}
	for (const [id, voters] of Object.entries(state.questions.voters)) {
		if (!voters.includes(dropId)) continue;
		events.push({ type: 'question.unvoted', id, memberId: dropId, votes: voters.length - 1 });
		if (!voters.includes(keepId)) events.push({ type: 'question.voted', id, memberId: keepId, votes: voters.length });
	}
	for (const theme of Object.values(state.plenary.summary.themes)) {
		if (!theme.votes.includes(dropId)) continue;
		events.push({ type: 'summary.themeUnvoted', id: theme.id, voter: dropId });
		if (!theme.votes.includes(keepId)) events.push({ type: 'summary.themeVoted', id: theme.id, voter: keepId });
	}
	return events;
}
