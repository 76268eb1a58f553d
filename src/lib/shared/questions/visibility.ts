/**
 * What each viewer may see of the question queue (called from meeting/access.ts):
 * - organisers see everything;
 * - everyone else sees public questions (approved, not hidden, not merged away), without the author of
 *   anonymous questions and without hidden replies, and only their own votes;
 * - an author also sees their own questions in any state, with their own id as author: that is how a
 *   member's page marks "mine", also for anonymous questions, without telling anyone else.
 * Events are redacted the same way, so reducing a viewer's events onto the viewer's state gives the
 * viewer's state. Because the author's and the voter's views of an event differ from their role's view,
 * `questionAudience` names them so the server can send them their own copy.
 */
import type { LoggedEvent } from '../meeting/events.js';
import type { Role } from '../meeting/types.js';
import type { QuestionEvent } from './events.js';
import { isSnapshotEvent } from './events.js';
import { isPublic, type Question, type QuestionsState } from './types.js';

export interface Viewer {
	role: Role;
	memberId: string | null;
}

const isOwn = (q: Question, viewer: Viewer) => viewer.memberId !== null && q.authorId === viewer.memberId;

/** A question as `viewer` may see it, or null when they may not see it at all. */
export function redactQuestion(q: Question, viewer: Viewer): Question | null {
	if (viewer.role === 'organiser') return q;
	const own = isOwn(q, viewer);
	if (!isPublic(q) && !own) return null;
	const authorId = q.anonymous && !own ? null : q.authorId;
	const replies = q.replies.some((r) => r.hidden) ? q.replies.filter((r) => !r.hidden) : q.replies;
	return authorId === q.authorId && replies === q.replies ? q : { ...q, authorId, replies };
}

/** The question slice as `viewer` may see it. */
export function redactQuestionsState(slice: QuestionsState, viewer: Viewer): QuestionsState {
	if (viewer.role === 'organiser') return slice;
	const items: Record<string, Question> = {};
	for (const q of Object.values(slice.items)) {
		const r = redactQuestion(q, viewer);
		if (r) items[q.id] = r;
	}
	const voters: Record<string, string[]> = {};
	const me = viewer.memberId;
	if (me) for (const [qid, list] of Object.entries(slice.voters)) if (list.includes(me)) voters[qid] = [me];
	return { ...slice, items, voters };
}

/** A logged question event as `viewer` may receive it, or null when it must not reach them. */
export function redactQuestionEvent(logged: LoggedEvent, viewer: Viewer): LoggedEvent | null {
	if (viewer.role === 'organiser') return logged;
	const e = logged.event as QuestionEvent;
	// Who acted on a question is private (an anonymous author, a voter), except to themself.
	const actor = logged.actor !== null && logged.actor === viewer.memberId ? logged.actor : null;
	let event: QuestionEvent;
	if (isSnapshotEvent(e)) event = { ...e, question: e.question && redactQuestion(e.question, viewer) };
	else if (e.type === 'question.voted' || e.type === 'question.unvoted')
		event = { ...e, memberId: e.memberId !== null && e.memberId === viewer.memberId ? e.memberId : null };
	else if (e.type === 'question.merged') {
		const target = redactQuestion(e.target, viewer);
		if (!target) return null; // cannot happen: a merge target is public
		event = { ...e, question: e.question && redactQuestion(e.question, viewer), target };
	} else event = e;
	return { ...logged, actor, event };
}

/**
 * Members whose view of this event differs from their role's view (the author of an anonymous or
 * non-public question, the voter of a vote): the server sends them their own redaction.
 */
export function questionAudience(e: QuestionEvent): string[] {
	const personal = (q: Question | null) => (q?.authorId && (q.anonymous || !isPublic(q)) ? [q.authorId] : []);
	if (isSnapshotEvent(e)) return personal(e.question);
	if (e.type === 'question.voted' || e.type === 'question.unvoted') return e.memberId ? [e.memberId] : [];
	if (e.type === 'question.merged') return [...new Set([...personal(e.question), ...personal(e.target)])];
	return [];
}
