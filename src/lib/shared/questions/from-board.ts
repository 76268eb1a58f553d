/**
 * Questions sent from a room's board (「質問キューへ」): the board's question lines (質問： / 厚労省から：)
 * become queue items that keep a link to their line (room, section, line), once each. The minutes
 * then print such a question once, in 質問と回答 with its room, and point to it from the room's notes.
 */
import { z } from 'zod';
import { refuse } from '../errors.js';
import { isPreMeeting } from '../agenda/phase.js';
import { accept, defineCommand } from '../meeting/command-kit.js';
import { BOARD_WRITER_ROLES } from '../meeting/roles.js';
import type { MeetingState } from '../meeting/types.js';
import { roomBoardAccess } from '../notes/access.js';
import { id, optionalText, text } from '../schemas.js';
import { checkDepartment } from './ask.js';
import { snapshot } from './lookup.js';
import { normaliseQuestion } from './similarity.js';
import { DIRECTIONS, QUESTION_LIMITS, newQuestion, type Question } from './types.js';

/** Lines one command may send: a whole room's questions at the end of a breakout. */
export const MAX_BOARD_LINES = 50;

/** The key a board line and its queue item share: room and the line's text, normalised. */
export function boardLineKey(roomId: string, lineText: string): string {
	return `${roomId}\u0000${normaliseQuestion(lineText)}`;
}

/** Queue items sent from boards, by `boardLineKey` (merged-away items included: they still answer for their line). */
export function boardQuestions(state: Pick<MeetingState, 'questions'>): Map<string, Question> {
	const out = new Map<string, Question>();
	for (const q of Object.values(state.questions.items)) if (q.board) out.set(boardLineKey(q.board.roomId, q.board.text), q);
	return out;
}

const boardLine = z
	.object({
		text: text(QUESTION_LIMITS.text),
		direction: z.enum(DIRECTIONS).default('to_ministry'),
		section: optionalText(200).nullable().default(null),
		line: z.number().int().min(0).max(100_000),
		/** The department it is for (one of the meeting's); none when left out or empty. */
		department: optionalText(200).nullable().optional()
	})
	.strict();

export const boardQuestionCommands = [
	defineCommand({
		type: 'question.fromBoard',
		fields: { roomId: id, lines: z.array(boardLine).min(1).max(MAX_BOARD_LINES) },
		roles: BOARD_WRITER_ROLES,
		summary:
			'Sends question lines of a room’s board to the queue (「質問キューへ」, one line or all of them): each becomes a question of that room that keeps a link to its line (section, line), for the `department` chosen beside it (one of the meeting’s; none if left out). A line already sent is not sent again. Only someone who may write the board may send its lines.',
		returns: '`ids` (the queue item of every line, new or already sent), `sent` (how many were new)',
		errors: ['not_found', 'invalid'],
		decide(state, cmd, ctx) {
			if (!state.rooms[cmd.roomId]) return refuse('not_found', 'roomId');
			if (roomBoardAccess(state, ctx.actor, cmd.roomId) !== 'write') return refuse('not_allowed', 'board');
			const sent = boardQuestions(state);
			const ids: string[] = [];
			const events = [];
			for (const l of cmd.lines) if (checkDepartment(state, l.department) === false) return refuse('invalid', 'department');
			for (const l of cmd.lines) {
				const key = boardLineKey(cmd.roomId, l.text);
				const existing = sent.get(key);
				if (existing) {
					ids.push(existing.mergedInto ?? existing.id);
					continue;
				}
				const question: Question = {
					...newQuestion(
						{
							id: ctx.newId(),
							text: l.text,
							direction: l.direction,
							department: checkDepartment(state, l.department) || null,
							roomId: cmd.roomId,
							authorId: ctx.actor.memberId,
							anonymous: false,
							status: 'open',
							approved: state.questions.moderation === 'off' || ctx.actor.role === 'organiser',
							tags: isPreMeeting(state, ctx.now) ? ['pre'] : [],
							origin: null
						},
						ctx.now
					),
					board: { roomId: cmd.roomId, section: l.section, line: l.line, text: l.text }
				};
				sent.set(key, question);
				ids.push(question.id);
				events.push(snapshot('question.asked', question));
			}
			return accept(events, { ids, sent: events.length });
		}
	})
];
