/**
 * Carrying open and deferred questions over to the next meeting: which questions go, the
 * `question.import` command that recreates one in the new meeting (tagged 持ち越し), and
 * `question.carry` that links the old meeting to the new one and marks what was carried.
 * The server's carry-over route (server/questions/carry-over.ts) runs them in order.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import type { MeetingState } from '../meeting/types.js';
import { id, optionalText, text } from '../schemas.js';
import { isoToZoned, zonedToIso } from '../time/zoned.js';
import { checkDepartment } from './ask.js';
import { snapshot } from './lookup.js';
import { DIRECTIONS, QUESTION_LIMITS, isPublic, newQuestion, type Question, type QuestionTag } from './types.js';

/** Questions that carry over: public, not merged, still open or deferred (回答中 counts as open). */
export function questionsToCarry(state: MeetingState): Question[] {
	return Object.values(state.questions.items)
		.filter((q) => isPublic(q) && q.carriedTo === null && (q.status === 'open' || q.status === 'answering' || q.status === 'deferred'))
		.sort((a, b) => a.askedAt - b.askedAt);
}

/** The `question.import` payload that recreates `q` (from meeting `state`) in the next meeting. */
export function importPayload(state: MeetingState, q: Question) {
	const author = q.anonymous || !q.authorId ? null : state.members[q.authorId];
	const authorLabel = author ? (author.organisation ? `${author.name}（${author.organisation}）` : author.name) : (q.origin?.authorLabel ?? null);
	return {
		type: 'question.import' as const,
		text: q.text,
		direction: q.direction,
		department: q.department,
		status: q.status === 'deferred' ? ('deferred' as const) : ('open' as const),
		pre: q.tags.includes('pre'),
		fromMeetingId: state.meeting.id,
		fromQuestionId: q.id,
		askedAt: q.origin?.askedAt ?? q.askedAt,
		votes: q.votes,
		authorLabel
	};
}

export const carryCommands = [
	defineCommand({
		type: 'question.import',
		fields: {
			text: text(QUESTION_LIMITS.text),
			direction: z.enum(DIRECTIONS),
			department: optionalText(200).nullable(),
			status: z.enum(['open', 'deferred']),
			pre: z.boolean().default(false),
			fromMeetingId: id,
			fromQuestionId: id,
			askedAt: z.number().int().min(0),
			votes: z.number().int().min(0).max(100_000),
			authorLabel: optionalText(300).nullable()
		},
		roles: ORGANISER_ONLY,
		summary: 'Adds a question carried over from an earlier meeting (tagged 持ち越し, with its earlier votes shown for reference). Used by the carry-over action.',
		returns: '`id` (question)',
		decide(state, cmd, ctx) {
			const tags: QuestionTag[] = cmd.pre ? ['carried', 'pre'] : ['carried'];
			const question = newQuestion(
				{
					id: ctx.newId(),
					text: cmd.text,
					direction: cmd.direction,
					department: checkDepartment(state, cmd.department) || null,
					roomId: null,
					authorId: null,
					anonymous: cmd.authorLabel === null,
					status: cmd.status,
					approved: true,
					tags,
					origin: { meetingId: cmd.fromMeetingId, questionId: cmd.fromQuestionId, askedAt: cmd.askedAt, votes: cmd.votes, authorLabel: cmd.authorLabel }
				},
				ctx.now
			);
			return accept([snapshot('question.imported', question)], { id: question.id });
		}
	}),
	defineCommand({
		type: 'question.carry',
		fields: { nextMeetingId: id, questionIds: z.array(id).max(2000) },
		roles: ORGANISER_ONLY,
		summary:
			'Links this meeting to its next meeting and marks the given questions as carried over (次回へ持ち越し). Used by the carry-over action after it created the next meeting.',
		errors: ['wrong_state', 'not_found'],
		decide(state, { nextMeetingId, questionIds }) {
			if (state.meeting.nextMeetingId) return refuse('wrong_state', 'already has a next meeting');
			if (nextMeetingId === state.meeting.id) return refuse('invalid', 'nextMeetingId');
			for (const qid of questionIds) if (!state.questions.items[qid]) return refuse('not_found', qid);
			return accept([
				{ type: 'meeting.updated', patch: { nextMeetingId } },
				{ type: 'question.carried', ids: [...new Set(questionIds)], nextMeetingId }
			]);
		}
	})
] as const;

/** The same wall-clock time one month later in `timeZone` (31 Jan → 28/29 Feb), with the same length. */
export function nextMonth(startsAt: string, endsAt: string | null, timeZone: string): { startsAt: string; endsAt: string | null } {
	const { date, time } = isoToZoned(startsAt, timeZone);
	const [y, m, d] = date.split('-').map(Number);
	const year = m === 12 ? y + 1 : y;
	const month = m === 12 ? 1 : m + 1;
	const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const next = zonedToIso(`${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`, time, timeZone);
	if (!endsAt) return { startsAt: next, endsAt: null };
	const length = Date.parse(endsAt) - Date.parse(startsAt);
	const end = isoToZoned(Date.parse(next) + length, timeZone);
	return { startsAt: next, endsAt: zonedToIso(end.date, end.time, timeZone) };
}

/** Title of the next meeting: the same title + （次回）, within the title limit. */
export function nextTitle(title: string): string {
	const suffix = '（次回）';
	return title.endsWith(suffix) ? title : `${title.slice(0, 200 - suffix.length)}${suffix}`;
}
