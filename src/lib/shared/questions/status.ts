/**
 * The question status machine: open (未回答) → answering (回答中) → answered (回答済み) or deferred
 * (後日回答). Every move is listed; anything else is refused with `wrong_state`.
 */
import type { QuestionStatus } from './types.js';

/** Allowed moves from each status. Answered can be reopened (a mistake, or a follow-up in the meeting). */
export const STATUS_MOVES: Record<QuestionStatus, readonly QuestionStatus[]> = {
	open: ['answering', 'answered', 'deferred'],
	answering: ['open', 'answered', 'deferred'],
	deferred: ['open', 'answering', 'answered'],
	answered: ['open', 'answering']
};

/** True when a question in `from` may move to `to` (never to itself). */
export function canMove(from: QuestionStatus, to: QuestionStatus): boolean {
	return STATUS_MOVES[from].includes(to);
}

/** True for statuses that still wait for an answer in this meeting or a later one (carried over). */
export function isUnresolved(status: QuestionStatus): boolean {
	return status === 'open' || status === 'answering' || status === 'deferred';
}
