/**
 * Member commands of the question queue: ask, upvote and take back a vote, edit one's own question,
 * and reply to a question the ministry asked the field.
 */
import { z } from 'zod';
import { isPreMeeting } from '../agenda/phase.js';
import { isRefusal, refuse } from '../errors.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { MEMBER_ROLES, PERSON_ROLES } from '../meeting/roles.js';
import type { Actor, MeetingState } from '../meeting/types.js';
import { id, optionalText, text } from '../schemas.js';
import { findPublicQuestion, findQuestion, snapshot, votersOf } from './lookup.js';
import { DIRECTIONS, QUESTION_LIMITS, newQuestion, type Question } from './types.js';

/** A department given by a client: empty means none; anything else must be on the meeting's list. */
export function checkDepartment(state: MeetingState, department: string | null | undefined): string | null | false {
	if (!department) return null;
	return state.meeting.departments.includes(department) ? department : false;
}

/** The room a question comes from: the one given, else the asker's room. */
function originRoom(state: MeetingState, actor: Actor, roomId: string | null | undefined): string | null | false {
	if (roomId === null) return null;
	if (roomId === undefined) {
		const own = (actor.memberId && state.members[actor.memberId]?.roomId) || actor.roomId;
		return own && state.rooms[own] ? own : null;
	}
	return state.rooms[roomId] ? roomId : false;
}

export const askCommands = [
	defineCommand({
		type: 'question.ask',
		fields: {
			text: text(QUESTION_LIMITS.text),
			direction: z.enum(DIRECTIONS).default('to_ministry'),
			department: optionalText(200).nullable().optional(),
			roomId: id.nullable().optional(),
			anonymous: z.boolean().default(false)
		},
		roles: MEMBER_ROLES,
		needsMember: true,
		summary:
			'Asks a question to the ministry (or, for ministry respondents, to the field). Before the meeting starts it is tagged 事前. In approve-first moderation it waits for an organiser (ministry questions excepted).',
		returns: '`id` (question)',
		errors: ['not_found'],
		decide(state, cmd, ctx) {
			if (cmd.direction === 'from_ministry' && ctx.actor.role !== 'ministry') return refuse('not_allowed', 'direction');
			const member = state.members[ctx.actor.memberId!];
			let department = checkDepartment(state, cmd.department);
			if (department === false) return refuse('invalid', 'department');
			if (cmd.department === undefined && cmd.direction === 'from_ministry') department = checkDepartment(state, member?.department) || null;
			const roomId = originRoom(state, ctx.actor, cmd.roomId);
			if (roomId === false) return refuse('not_found', 'roomId');
			const question = newQuestion(
				{
					id: ctx.newId(),
					text: cmd.text,
					direction: cmd.direction,
					department,
					roomId,
					authorId: ctx.actor.memberId,
					anonymous: cmd.anonymous,
					status: 'open',
					approved: state.questions.moderation === 'off' || ctx.actor.role === 'ministry',
					tags: isPreMeeting(state, ctx.now) ? ['pre'] : [],
					origin: null
				},
				ctx.now
			);
			return accept([snapshot('question.asked', question)], { id: question.id });
		}
	}),
	defineCommand({
		type: 'question.vote',
		fields: { questionId: id },
		roles: MEMBER_ROLES,
		needsMember: true,
		summary: 'Upvotes a question (同じ質問です +1). One vote per member per question.',
		errors: ['not_found', 'wrong_state', 'already_voted'],
		decide(state, { questionId }, ctx) {
			const q = findPublicQuestion(state, questionId);
			if (isRefusal(q)) return q;
			const voters = votersOf(state, q.id);
			if (voters.includes(ctx.actor.memberId!)) return refuse('already_voted');
			return accept([{ type: 'question.voted', id: q.id, memberId: ctx.actor.memberId, votes: voters.length + 1 }]);
		}
	}),
	defineCommand({
		type: 'question.unvote',
		fields: { questionId: id },
		roles: MEMBER_ROLES,
		needsMember: true,
		summary: 'Takes back one’s upvote.',
		errors: ['not_found', 'wrong_state', 'not_voted'],
		decide(state, { questionId }, ctx) {
			const q = findPublicQuestion(state, questionId);
			if (isRefusal(q)) return q;
			const voters = votersOf(state, q.id);
			if (!voters.includes(ctx.actor.memberId!)) return refuse('not_voted');
			return accept([{ type: 'question.unvoted', id: q.id, memberId: ctx.actor.memberId, votes: voters.length - 1 }]);
		}
	}),
	defineCommand({
		type: 'question.edit',
		fields: {
			questionId: id,
			text: text(QUESTION_LIMITS.text).optional(),
			department: optionalText(200).nullable().optional(),
			roomId: id.nullable().optional(),
			direction: z.enum(DIRECTIONS).optional()
		},
		roles: PERSON_ROLES,
		summary:
			'Edits a question: organisers any question and field (typos, department, room, direction); the author their own text and department while it is still open.',
		errors: ['not_found', 'wrong_state'],
		decide(state, cmd, ctx) {
			const q = findQuestion(state, cmd.questionId);
			if (isRefusal(q)) return q;
			const organiser = ctx.actor.role === 'organiser';
			if (!organiser) {
				if (q.authorId === null || q.authorId !== ctx.actor.memberId) return refuse('not_allowed');
				if (q.status !== 'open' || q.mergedInto) return refuse('wrong_state');
				if (cmd.roomId !== undefined || cmd.direction !== undefined) return refuse('not_allowed', 'organisers only');
			}
			const next: Question = { ...q };
			if (cmd.text !== undefined) next.text = cmd.text;
			if (cmd.department !== undefined) {
				const department = checkDepartment(state, cmd.department);
				if (department === false) return refuse('invalid', 'department');
				next.department = department;
			}
			if (cmd.roomId !== undefined) {
				if (cmd.roomId !== null && !state.rooms[cmd.roomId]) return refuse('not_found', 'roomId');
				next.roomId = cmd.roomId;
			}
			if (cmd.direction !== undefined) next.direction = cmd.direction;
			if (next.text === q.text && next.department === q.department && next.roomId === q.roomId && next.direction === q.direction)
				return accept([]);
			next.editedAt = ctx.now;
			return accept([snapshot('question.edited', next)]);
		}
	}),
	defineCommand({
		type: 'question.reply',
		fields: { questionId: id, text: text(QUESTION_LIMITS.reply) },
		roles: MEMBER_ROLES,
		needsMember: true,
		summary: 'Replies to a question the ministry asked the field; the reply is shown with the member’s name under the question.',
		returns: '`id` (reply)',
		errors: ['not_found', 'wrong_state'],
		decide(state, cmd, ctx) {
			const q = findPublicQuestion(state, cmd.questionId);
			if (isRefusal(q)) return q;
			if (q.direction !== 'from_ministry') return refuse('wrong_state', 'not a question from the ministry');
			const reply = { id: ctx.newId(), text: cmd.text, authorId: ctx.actor.memberId!, at: ctx.now, hidden: false };
			return accept([snapshot('question.replied', { ...q, replies: [...q.replies, reply] })], { id: reply.id });
		}
	})
] as const;
