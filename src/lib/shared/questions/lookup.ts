/** Small helpers the question commands share: finding a question and building snapshot events. */
import { refuse, type Refusal } from '../errors.js';
import type { MeetingState } from '../meeting/types.js';
import type { QuestionSnapshotEvent, SnapshotEventType } from './events.js';
import { isPublic, type Question } from './types.js';

/** The question `id`, or a `not_found` refusal. */
export function findQuestion(state: MeetingState, id: string): Question | Refusal {
	return state.questions.items[id] ?? refuse('not_found');
}

/** The question `id` when it is in the public queue; `not_found` or `wrong_state` otherwise. */
export function findPublicQuestion(state: MeetingState, id: string): Question | Refusal {
	const q = state.questions.items[id];
	if (!q) return refuse('not_found');
	return isPublic(q) ? q : refuse('wrong_state', 'not public');
}

/** A snapshot event for `question`. */
export function snapshot(type: SnapshotEventType, question: Question): QuestionSnapshotEvent {
	return { type, id: question.id, question };
}

/** Distinct voters of a question. */
export function votersOf(state: MeetingState, id: string): string[] {
	return state.questions.voters[id] ?? [];
}
