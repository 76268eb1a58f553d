/**
 * Organiser commands of the question queue: moderation mode, approve, hide (questions and replies),
 * merge duplicates (votes combine without counting anyone twice) and pin.
 */
import { z } from 'zod';
import { isRefusal, refuse } from '../errors.js';
import { accept, acceptChange, defineCommand } from '../meeting/command-kit.js';
import { ORGANISER_ONLY } from '../meeting/roles.js';
import { id } from '../schemas.js';
import { findQuestion, snapshot, votersOf } from './lookup.js';
import { isPublic } from './types.js';

export const moderateCommands = [
	defineCommand({
		type: 'question.moderation',
		fields: { mode: z.enum(['off', 'approve']) },
		roles: ORGANISER_ONLY,
		summary: 'Sets the meeting’s moderation: `off` (questions appear at once) or `approve` (an organiser approves each one first).',
		decide(state, { mode }) {
			return acceptChange(state.questions.moderation, mode, { type: 'question.moderationSet', mode });
		}
	}),
	defineCommand({
		type: 'question.approve',
		fields: { questionId: id },
		roles: ORGANISER_ONLY,
		summary: 'Approves a question waiting in approve-first moderation: it appears in everyone’s queue.',
		errors: ['not_found', 'wrong_state'],
		decide(state, { questionId }) {
			const q = findQuestion(state, questionId);
			if (isRefusal(q)) return q;
			if (q.approved) return refuse('wrong_state', 'already approved');
			return accept([snapshot('question.approved', { ...q, approved: true })]);
		}
	}),
	defineCommand({
		type: 'question.hide',
		fields: { questionId: id, hidden: z.boolean().default(true), replyId: id.optional() },
		roles: ORGANISER_ONLY,
		summary:
			'Hides a question (or one reply with `replyId`) from everyone but organisers, or shows it again with `hidden: false`. The author still sees their own hidden question.',
		errors: ['not_found', 'wrong_state'],
		decide(state, { questionId, hidden, replyId }) {
			const q = findQuestion(state, questionId);
			if (isRefusal(q)) return q;
			if (replyId !== undefined) {
				const reply = q.replies.find((r) => r.id === replyId);
				if (!reply) return refuse('not_found', 'replyId');
				if (reply.hidden === hidden) return refuse('wrong_state');
				const replies = q.replies.map((r) => (r.id === replyId ? { ...r, hidden } : r));
				return accept([snapshot('question.replyHidden', { ...q, replies })]);
			}
			if (q.hidden === hidden) return refuse('wrong_state');
			return accept([snapshot('question.hidden', { ...q, hidden, pinned: hidden ? false : q.pinned })]);
		}
	}),
	defineCommand({
		type: 'question.merge',
		fields: { questionId: id, intoId: id },
		roles: ORGANISER_ONLY,
		summary:
			'Merges a duplicate (`questionId`) into another question (`intoId`): the duplicate leaves the queue and its votes join the other’s, each member counted once.',
		errors: ['not_found', 'wrong_state'],
		decide(state, { questionId, intoId }) {
			if (questionId === intoId) return refuse('invalid', 'same question');
			const source = findQuestion(state, questionId);
			if (isRefusal(source)) return source;
			const target = findQuestion(state, intoId);
			if (isRefusal(target)) return target;
			if (source.mergedInto) return refuse('wrong_state', 'already merged');
			if (!isPublic(target)) return refuse('wrong_state', 'target not public');
			const votes = new Set([...votersOf(state, source.id), ...votersOf(state, target.id)]).size;
			return accept([
				{
					type: 'question.merged',
					id: source.id,
					question: { ...source, mergedInto: target.id, pinned: false, votes: 0 },
					target: { ...target, votes, mergedFrom: [...target.mergedFrom, source.id] }
				}
			]);
		}
	}),
	defineCommand({
		type: 'question.pin',
		fields: { questionId: id, pinned: z.boolean().default(true) },
		roles: ORGANISER_ONLY,
		summary: 'Pins a question to the top of every queue (or unpins it with `pinned: false`).',
		errors: ['not_found', 'wrong_state'],
		decide(state, { questionId, pinned }) {
			const q = findQuestion(state, questionId);
			if (isRefusal(q)) return q;
			if (pinned && !isPublic(q)) return refuse('wrong_state', 'not public');
			if (q.pinned === pinned) return refuse('wrong_state');
			return accept([snapshot('question.pinned', { ...q, pinned })]);
		}
	})
] as const;
