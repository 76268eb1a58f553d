/**
 * Ministry (and organiser) commands of the question queue: move a question through its status
 * (回答中, 回答済み, 後日回答) and record a short written answer.
 */
import { z } from 'zod';
import { isRefusal, refuse } from '../errors.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { RESPONDER_ROLES } from '../meeting/roles.js';
import { id, text } from '../schemas.js';
import { findPublicQuestion, snapshot } from './lookup.js';
import { canMove } from './status.js';
import { QUESTION_LIMITS, QUESTION_STATUSES } from './types.js';

export const respondCommands = [
	defineCommand({
		type: 'question.status',
		fields: { questionId: id, status: z.enum(QUESTION_STATUSES) },
		roles: RESPONDER_ROLES,
		summary:
			'Moves a question to `answering` (回答中, shown to everyone), `answered` (回答済み, e.g. answered aloud), `deferred` (後日回答) or back to `open`. Only listed moves are allowed.',
		errors: ['not_found', 'wrong_state'],
		decide(state, { questionId, status }, ctx) {
			const q = findPublicQuestion(state, questionId);
			if (isRefusal(q)) return q;
			if (!canMove(q.status, status)) return refuse('wrong_state', `${q.status} → ${status}`);
			return accept([snapshot('question.statusChanged', { ...q, status, statusAt: ctx.now })]);
		}
	}),
	defineCommand({
		type: 'question.answer',
		fields: { questionId: id, text: text(QUESTION_LIMITS.answer) },
		roles: RESPONDER_ROLES,
		summary: 'Records a short written answer to a question to the ministry and marks it answered (or corrects an earlier answer).',
		errors: ['not_found', 'wrong_state'],
		decide(state, cmd, ctx) {
			const q = findPublicQuestion(state, cmd.questionId);
			if (isRefusal(q)) return q;
			if (q.direction !== 'to_ministry') return refuse('wrong_state', 'questions from the ministry get replies');
			const answer = { text: cmd.text, byId: ctx.actor.memberId, at: ctx.now };
			return accept([snapshot('question.answered', { ...q, answer, status: 'answered', statusAt: q.status === 'answered' ? q.statusAt : ctx.now })]);
		}
	})
] as const;
